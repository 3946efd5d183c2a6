using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace PosAuth.Benchmarks.ColdStart;

/// <summary>What the kernel says about one whole child process.</summary>
/// <param name="FirstLine">The first line the child wrote to standard output.</param>
/// <param name="FirstLineMs">Wall time from just before <c>posix_spawn</c> to the end of that first line.</param>
/// <param name="ExitMs">Wall time from just before <c>posix_spawn</c> until the child was reaped.</param>
/// <param name="ExitCode">The exit code, or -1 when it died of a signal.</param>
/// <param name="PeakRssKb">Peak resident set size, <c>ru_maxrss</c> of <c>wait4</c>, in KiB.</param>
/// <param name="CpuMs">User + system CPU time of the child.</param>
/// <param name="Output">Everything the child wrote to standard output.</param>
internal sealed record ChildRun(string FirstLine, double FirstLineMs, double ExitMs, int ExitCode, long PeakRssKb, double CpuMs, string Output);

/// <summary>
/// Starts a program with <c>posix_spawn</c> and reaps it with <c>wait4</c> (Linux): the kernel's own peak RSS and CPU
/// time of exactly that child, which <see cref="Process"/> does not expose. Standard output goes through a pipe so the
/// moment the first line (the sign-in result) arrives is known; it is drained to the end so the child never blocks.
/// </summary>
internal static class ChildProcess
{
    private const int OCloexec = 0x80000;

    public static ChildRun Run(string path, IReadOnlyList<string> arguments)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The cold-start launcher uses posix_spawn and wait4 (Linux).");
        }

        int[] fds = new int[2];
        Check(pipe2(fds, OCloexec), "pipe2");
        IntPtr actions = Marshal.AllocHGlobal(256); // posix_spawn_file_actions_t is 80 bytes on glibc
        IntPtr usage = Marshal.AllocHGlobal(256);   // struct rusage is 144 bytes on 64-bit Linux
        var strings = new List<IntPtr>();
        try
        {
            Check(posix_spawn_file_actions_init(actions), "posix_spawn_file_actions_init");
            Check(posix_spawn_file_actions_adddup2(actions, fds[1], 1), "posix_spawn_file_actions_adddup2");

            IntPtr[] argv = ToArray([path, .. arguments], strings);
            IntPtr[] envp = ToArray(
                [.. Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}={e.Value}")],
                strings);

            long start = Stopwatch.GetTimestamp();
            int spawned = posix_spawn(out int pid, path, actions, IntPtr.Zero, argv, envp);
            if (spawned != 0)
            {
                throw new InvalidOperationException($"posix_spawn {path}: error {spawned}");
            }

            _ = close(fds[1]);
            fds[1] = -1;

            var output = new MemoryStream();
            double firstLineMs = double.NaN;
            byte[] buffer = new byte[16 * 1024];
            while (true)
            {
                nint n = read(fds[0], buffer, buffer.Length);
                if (n < 0 && Marshal.GetLastPInvokeError() == 4 /* EINTR */)
                {
                    continue;
                }

                if (n <= 0)
                {
                    break;
                }

                if (double.IsNaN(firstLineMs) && Array.IndexOf(buffer, (byte)'\n', 0, (int)n) >= 0)
                {
                    firstLineMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }

                output.Write(buffer, 0, (int)n);
            }

            int waited;
            int status;
            do
            {
                waited = wait4(pid, out status, 0, usage);
            }
            while (waited < 0 && Marshal.GetLastPInvokeError() == 4);
            double exitMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Check(waited < 0 ? -1 : 0, "wait4");

            // struct rusage: ru_utime and ru_stime (struct timeval, 16 bytes each), then ru_maxrss (long, KiB).
            double cpuMs = (Marshal.ReadInt64(usage, 0) * 1e3) + (Marshal.ReadInt64(usage, 8) / 1e3)
                + (Marshal.ReadInt64(usage, 16) * 1e3) + (Marshal.ReadInt64(usage, 24) / 1e3);
            long maxRss = Marshal.ReadInt64(usage, 32);
            int exitCode = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1;
            string text = Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
            int newline = text.IndexOf('\n', StringComparison.Ordinal);
            string firstLine = newline >= 0 ? text[..newline] : text;
            return new ChildRun(firstLine.TrimEnd('\r'), double.IsNaN(firstLineMs) ? exitMs : firstLineMs, exitMs, exitCode, maxRss, cpuMs, text);
        }
        finally
        {
            _ = posix_spawn_file_actions_destroy(actions);
            Marshal.FreeHGlobal(actions);
            Marshal.FreeHGlobal(usage);
            foreach (IntPtr s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }

            _ = close(fds[0]);
            if (fds[1] >= 0)
            {
                _ = close(fds[1]);
            }
        }
    }

    private static IntPtr[] ToArray(string[] values, List<IntPtr> owned)
    {
        var result = new IntPtr[values.Length + 1];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = Marshal.StringToCoTaskMemUTF8(values[i]);
            owned.Add(result[i]);
        }

        return result; // null-terminated
    }

    private static void Check(int rc, string call)
    {
        if (rc != 0)
        {
            throw new InvalidOperationException($"{call} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int pipe2(int[] fds, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern int wait4(int pid, out int status, int options, IntPtr usage);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_init(IntPtr actions);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_adddup2(IntPtr actions, int fd, int newFd);

    [DllImport("libc")]
    private static extern int posix_spawn_file_actions_destroy(IntPtr actions);

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int posix_spawn(out int pid, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr fileActions, IntPtr attributes, IntPtr[] argv, IntPtr[] envp);
}
