using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace PosAuth.Samples.CustomStore.FileStore;

/// <summary>
/// The integrator's persistence: a directory with one JSON file per record. Every operation runs under an exclusive
/// lock, so a read-compare-write is atomic:
/// <list type="bullet">
/// <item>within the process, a <see cref="SemaphoreSlim"/> per directory (shared by every store instance on it);</item>
/// <item>across processes, a <c>.lock</c> file opened with <see cref="FileShare.None"/> (on Linux and macOS .NET takes an
/// advisory <c>flock</c>, which other .NET processes honour; it does not hold on network file systems, and a non-.NET
/// program that ignores advisory locks is not stopped).</item>
/// </list>
/// A write goes to a temporary file, is flushed to the disk (<c>fsync</c>), then renamed over the record (atomic on
/// POSIX and NTFS), so a power cut leaves either the old or the new record, never half of one. Honest limit: the
/// directory entry itself is not fsynced (.NET has no API for that), so on some file systems the very last rename may
/// be lost on a power cut; the SQLite store does not have that gap.
/// <para>
/// Replacing every record at once (<see cref="ReplaceAll{T}"/>, the factory reset) touches many files, so it goes
/// through a journal: the whole new set is first written as one file (<c>.replace-all</c>, temp + fsync + rename),
/// then applied, then the journal is deleted. Every locked operation first finishes a journal it finds (roll forward;
/// applying twice is harmless), so after a crash at any point the next operation — in this process or another — sees
/// the whole new set, and before the journal exists the whole old set. Under the lock nobody sees the half-way state.
/// </para>
/// </summary>
internal sealed class RecordDirectory
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private readonly string _path;
    private readonly string _lockPath;
    private readonly string _journalPath;
    private readonly string _batchJournalPath;
    private readonly SemaphoreSlim _gate;

    public RecordDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(_path);
        _lockPath = Path.Combine(_path, ".lock");
        _journalPath = Path.Combine(_path, ".replace-all");
        _batchJournalPath = Path.Combine(_path, ".write-batch");
        _gate = Gates.GetOrAdd(_path, _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>Runs <paramref name="body"/> holding the in-process and the cross-process lock.</summary>
    public async ValueTask<T> LockedAsync<T>(Func<T> body, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using FileStream fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);
            FinishPendingReplaceAll();
            FinishPendingBatch();
            return body();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The record named <paramref name="name"/>, or default when there is none. Call under the lock.</summary>
    public T? Read<T>(string name)
        where T : class
    {
        string file = FileOf(name);
        return File.Exists(file) ? JsonSerializer.Deserialize<T>(File.ReadAllBytes(file)) : null;
    }

    /// <summary>Every record. Call under the lock.</summary>
    public List<T> ReadAll<T>()
        where T : class =>
        [.. Directory.EnumerateFiles(_path, "*.json").Select(f => JsonSerializer.Deserialize<T>(File.ReadAllBytes(f))!)];

    /// <summary>Writes the record durably and atomically (temp file, fsync, rename). Call under the lock.</summary>
    public void Write<T>(string name, T value)
    {
        string file = FileOf(name);
        string temp = file + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, value);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, file, overwrite: true);
    }

    /// <summary>Deletes the record; false when there was none. Call under the lock.</summary>
    public bool Delete(string name)
    {
        string file = FileOf(name);
        if (!File.Exists(file))
        {
            return false;
        }

        File.Delete(file);
        return true;
    }

    /// <summary>Deletes every record. Call under the lock.</summary>
    public void DeleteAll()
    {
        foreach (string file in Directory.EnumerateFiles(_path, "*.json"))
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Replaces every record with <paramref name="records"/> (name → value), atomically through the journal (see the
    /// class remarks). Call under the lock.
    /// </summary>
    public void ReplaceAll<T>(IReadOnlyDictionary<string, T> records)
    {
        string temp = _journalPath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, records.ToDictionary(r => r.Key, r => JsonSerializer.SerializeToElement(r.Value), StringComparer.Ordinal));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _journalPath, overwrite: true); // the commit point
        FinishPendingReplaceAll();
    }

    /// <summary>
    /// Writes several records at once (an attempt and its terminal's throttle), atomically through a journal of their
    /// own in the same way as <see cref="ReplaceAll{T}"/>: a crash before the journal's rename leaves none of them written,
    /// after it the next operation finishes all of them. Call under the lock.
    /// </summary>
    public void WriteBatch<T>(IReadOnlyDictionary<string, T> records)
    {
        string temp = _batchJournalPath + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, records.ToDictionary(r => r.Key, r => JsonSerializer.SerializeToElement(r.Value), StringComparer.Ordinal));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _batchJournalPath, overwrite: true); // the commit point
        FinishPendingBatch();
    }

    /// <summary>Applies a journal left by <see cref="WriteBatch{T}"/> (interrupted or just written), then deletes it.</summary>
    private void FinishPendingBatch()
    {
        if (!File.Exists(_batchJournalPath))
        {
            return;
        }

        Dictionary<string, JsonElement> records = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllBytes(_batchJournalPath))!;
        foreach ((string name, JsonElement value) in records)
        {
            Write(name, value);
        }

        File.Delete(_batchJournalPath);
    }

    /// <summary>Applies a journal left by <see cref="ReplaceAll{T}"/> (interrupted or just written), then deletes it.</summary>
    private void FinishPendingReplaceAll()
    {
        if (!File.Exists(_journalPath))
        {
            return;
        }

        Dictionary<string, JsonElement> records = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(File.ReadAllBytes(_journalPath))!;
        foreach (string file in Directory.EnumerateFiles(_path, "*.json"))
        {
            if (!records.ContainsKey(Path.GetFileNameWithoutExtension(file)))
            {
                File.Delete(file);
            }
        }

        foreach ((string name, JsonElement value) in records)
        {
            Write(name, value);
        }

        File.Delete(_journalPath);
    }

    /// <summary>A file name that is safe whatever characters the key has (hex of its UTF-8 bytes).</summary>
    public static string Name(params string[] parts) =>
        string.Join("_", parts.Select(p => Convert.ToHexString(Encoding.UTF8.GetBytes(p))));

    private string FileOf(string name) => Path.Combine(_path, name + ".json");

    private async Task<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 5_000)
            {
                // Another process holds the lock: wait a little and try again (about 10 s in all).
                await Task.Delay(2, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
