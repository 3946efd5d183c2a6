using System.Text;
using System.Text.Json;
using PosAuth.Samples.CustomStore.FileStore;

namespace PosAuth.Samples.CustomStore.Tests.FileStore;

/// <summary>A crash in the middle of the file store's replace-all: the journal is rolled forward by the next operation.</summary>
public sealed class FileOperatorStoreReplaceAllTests(TempDirectory temp) : IClassFixture<TempDirectory>
{
    private static OperatorAccount Account(string id, string name) =>
        new() { OperatorId = id, Role = OperatorRole.Operator, PinHash = "$pbkdf2-sha512$i=1000$c2FsdA$aGFzaA", DisplayName = name, CreatedAt = DateTimeOffset.UnixEpoch, Version = 1 };

    private static string Name(string id) => Convert.ToHexString(Encoding.UTF8.GetBytes(id));

    [Fact]
    public async Task ReplaceAll_CrashedAfterItsJournalAndHalfApplied_IsFinishedByTheNextOperation()
    {
        string directory = temp.NewSubdirectory();
        var store = new FileOperatorStore(directory);
        await store.ReplaceAllAsync([Account("99", "old"), Account("05", "old"), Account("07", "old")]);

        // The state a power cut leaves half-way through applying a journal: the journal (the commit point) is on disk,
        // one old record is already gone and one new one already written.
        var journal = new Dictionary<string, OperatorAccount> { [Name("99")] = Account("99", "new"), [Name("00")] = Account("00", "new"), [Name("01")] = Account("01", "new") };
        File.WriteAllText(Path.Combine(directory, ".replace-all"), JsonSerializer.Serialize(journal));
        File.Delete(Path.Combine(directory, Name("05") + ".json"));
        File.WriteAllText(Path.Combine(directory, Name("00") + ".json"), JsonSerializer.Serialize(Account("00", "new")));

        var afterRestart = new FileOperatorStore(directory);
        IReadOnlyList<OperatorAccount> listed = await afterRestart.ListAsync();
        Assert.Equal(["00=new", "01=new", "99=new"], listed.Select(a => a.OperatorId + "=" + a.DisplayName));
        Assert.False(File.Exists(Path.Combine(directory, ".replace-all")));
    }
}
