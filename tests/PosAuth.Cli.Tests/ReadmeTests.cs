using System.Text;
using PosAuth.Cli.Input;

namespace PosAuth.Cli.Tests;

/// <summary>The CLI README is the manual support staff read: it documents every command and option, and its examples are what the tool prints.</summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "PosAuth.Cli", "README.md"));

    public static TheoryData<string> CommandNames() => [.. CliApp.Commands.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CommandNames))]
    public void Readme_HasASectionForEveryCommand_WithAnExample_AndEveryOption(string name)
    {
        Assert.Contains("\n## " + name + "\n", Readme, StringComparison.Ordinal);
        string section = Section(name);
        Assert.Contains("$ ", section, StringComparison.Ordinal);
        Assert.Contains("posauth " + name, section.Split('\n').Where(l => l.StartsWith("$ ", StringComparison.Ordinal) || l.StartsWith("      ", StringComparison.Ordinal)).Aggregate(string.Empty, (a, b) => a + b), StringComparison.Ordinal);
        foreach (PosAuth.Cli.Commands.CliOption option in CliApp.Commands.Single(c => c.Name == name).Options)
        {
            Assert.Contains("--" + option.Name, section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_NamesEverySecretsFileOptionAndEnvironmentVariable()
    {
        foreach (SecretOption secret in SecretOption.All)
        {
            Assert.Contains($"| `--{secret.FileOption}` | `{secret.EnvironmentVariable}` |", Readme, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Every example of the README that the tool can run here (joined over continuation lines; not those with a
    /// redirect, a command substitution or another program) is run against files named as in the README, and must
    /// print what the README shows (a hash string ending in "…" matches by algorithm and parameters: salts are random).
    /// </summary>
    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        string[] lines = Readme.Replace("\\\n      ", " ", StringComparison.Ordinal).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (!line.StartsWith("$ ", StringComparison.Ordinal) || !line.Contains("posauth ", StringComparison.Ordinal)
                || line.Contains('>') || line.Contains("$(", StringComparison.Ordinal) || line.Contains("vault", StringComparison.Ordinal) || line.StartsWith("$ printf", StringComparison.Ordinal))
            {
                continue;
            }

            var expected = new StringBuilder();
            for (int j = i + 1; j < lines.Length && !lines[j].StartsWith("$ ", StringComparison.Ordinal) && !lines[j].StartsWith("```", StringComparison.Ordinal); j++)
            {
                expected.Append(lines[j].Trim()).Append('\n');
            }

            data.Add(line[2..], expected.ToString());
        }

        return data;
    }

    [Fact]
    public void Readme_ExamplesAreFound_ForEveryCommand()
    {
        string[] run = [.. Examples().Select(row => (string)row[0])];
        Assert.All(CliApp.Commands, c => Assert.Contains(run, line => line.Contains("posauth " + c.Name, StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Readme_Example_PrintsWhatTheReadmeShows(string commandLine, string expected)
    {
        using var files = new Support.TempFiles();
        var named = new Dictionary<string, string>
        {
            ["vendor.hex"] = files.Write("vendor.hex", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"),
            ["ocra.hex"] = files.Write("ocra.hex", "3132333435363738393031323334353637383930"),
            ["01.hash"] = files.Write("01.hash", new PosAuth.Hashing.Pbkdf2PinHasher(new PosAuth.Hashing.Pbkdf2PinHasherOptions { Iterations = 10_000 }).Hash("4739")),
            ["pepper-2026.b64"] = files.Write("pepper-2026.b64", Convert.ToBase64String(new byte[32])),
            ["SN-0001.key"] = files.PathOf("SN-0001.key"),
        };
        var pepper = new PosAuth.Hashing.OptionsPinPepperProvider(new PosAuth.Hashing.PinPepperOptions { CurrentKeyId = "2026", Keys = { ["2026"] = Convert.ToBase64String(new byte[32]) } });
        named["peppered.hash"] = files.Write("peppered.hash", new PosAuth.Hashing.Pbkdf2PinHasher(new PosAuth.Hashing.Pbkdf2PinHasherOptions(), pepper).Hash("4739"));

        string? stdin = null;
        string command = commandLine;
        if (commandLine.StartsWith("echo ", StringComparison.Ordinal))
        {
            int pipe = commandLine.IndexOf(" | ", StringComparison.Ordinal);
            stdin = commandLine[5..pipe] + "\n";
            command = commandLine[(pipe + 3)..];
        }

        string[] args = [.. ShellWords(command).Skip(1).Select(w => named.TryGetValue(w, out string? path) ? path : w)]; // "posauth"
        CliResult result = CliRunner.Run(stdin, args);

        string output = result.Stdout + result.Stderr;
        foreach ((string name, string path) in named)
        {
            output = output.Replace(path, name, StringComparison.Ordinal);
        }

        string[] actualLines = [.. output.Split('\n').Where(l => l.Length > 0).Select(l => l.Trim())];
        string[] expectedLines = expected.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(expectedLines.Length == actualLines.Length, $"{commandLine}\nexpected:\n{expected}\nactual:\n{string.Join('\n', actualLines)}");
        for (int i = 0; i < expectedLines.Length; i++)
        {
            if (expectedLines[i].EndsWith('…'))
            {
                // A hash string: the same algorithm and parameters, then a salt and a hash of its own.
                Assert.StartsWith(string.Join('$', expectedLines[i].Split('$').Take(3)) + "$", actualLines[i], StringComparison.Ordinal);
                Assert.Equal(5, actualLines[i].Split('$').Length);
            }
            else
            {
                Assert.Equal(expectedLines[i], actualLines[i]);
            }
        }
    }

    private static string Section(string name)
    {
        int start = Readme.IndexOf("\n## " + name + "\n", StringComparison.Ordinal);
        int end = Readme.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return Readme[start..(end < 0 ? Readme.Length : end)];
    }

    private static IEnumerable<string> ShellWords(string text)
    {
        var word = new StringBuilder();
        char quote = '\0';
        bool any = false;
        foreach (char c in text)
        {
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                any = true;
            }
            else if (c == ' ')
            {
                if (word.Length > 0 || any)
                {
                    yield return word.ToString();
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0 || any)
        {
            yield return word.ToString();
        }
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "PosAuth.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("PosAuth.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
