namespace PosAuth.Sessions.Tests;

public sealed class ReadmeTests
{
    [Fact]
    public void ReadmeTransitionTable_MatchesTerminalSessionTransitionsAllowed()
    {
        string dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "PosAuth.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        string[] lines = File.ReadAllLines(Path.Combine(dir, "src", "PosAuth.Sessions", "README.md"));
        int start = Array.FindIndex(lines, l => l.StartsWith("| From | Trigger | To |", StringComparison.Ordinal));
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

        Assert.True(start >= 0);
        Assert.Equal(TerminalSessionTransitions.Allowed.ToHashSet(), documented);
    }
}
