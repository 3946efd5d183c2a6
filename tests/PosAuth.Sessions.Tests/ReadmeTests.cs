namespace PosAuth.Sessions.Tests;

public sealed class ReadmeTests
{
    [Theory]
    [InlineData("src/PosAuth.Sessions/README.md")]
    [InlineData("README.md")]
    public void ReadmeTransitionTable_MatchesTerminalSessionTransitionsAllowed(string readme)
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), readme));
        int start = Array.FindIndex(lines, l => l.StartsWith("| From | Trigger | To |", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{readme} has no transition table");
        var documented = new HashSet<SessionTransition>();
        foreach (string line in lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')))
        {
            string[] cells = line.Split('|', StringSplitOptions.TrimEntries);
            var from = Enum.Parse<TerminalSessionState>(cells[1].Trim('`'));
            var trigger = Enum.Parse<SessionTrigger>(cells[2].Trim('`'));
            foreach (string to in cells[3].Split('/', StringSplitOptions.TrimEntries))
            {
                Assert.True(documented.Add(new SessionTransition(from, trigger, Enum.Parse<TerminalSessionState>(to.Trim('`')))), line);
            }
        }

        Assert.Equal(TerminalSessionTransitions.Allowed.ToHashSet(), documented);
    }

    [Theory]
    [InlineData("src/PosAuth.Sessions/README.md")]
    [InlineData("README.md")]
    public void ReadmeStateTable_ListsEveryStateWithItsScreenText(string readme)
    {
        string[] lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), readme));
        int start = Array.FindIndex(lines, l => l.StartsWith("| State | Screen (zh-CN / en) |", StringComparison.Ordinal));
        Assert.True(start >= 0, $"{readme} has no state table");
        var rows = lines.Skip(start + 2).TakeWhile(l => l.StartsWith('|')).Select(l => l.Split('|', StringSplitOptions.TrimEntries)).ToList();

        Assert.Equal(Enum.GetNames<TerminalSessionState>().Order(), rows.Select(r => r[1].Trim('`')).Order());
        foreach (string[] row in rows)
        {
            var state = Enum.Parse<TerminalSessionState>(row[1].Trim('`'));
            Assert.StartsWith(state.GetScreenText(System.Globalization.CultureInfo.GetCultureInfo("zh-CN")), row[2], StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "PosAuth.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }
}
