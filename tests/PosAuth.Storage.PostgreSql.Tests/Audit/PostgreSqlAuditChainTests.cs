using Npgsql;
using PosAuth.Storage.PostgreSql.Tests.TestServer;

namespace PosAuth.Storage.PostgreSql.Tests.Audit;

/// <summary>
/// The site's audit trail on the shared <see cref="AuditChain"/>: verification finds every edit made outside the store
/// (rows changed, deleted from the middle or either end, inserted, a forged head, another key), an exported head detects a
/// rollback, appends refuse a broken chain, and concurrent lanes append one gap-free chain. Each test tampers in a schema
/// of its own (the tampering drops that schema's triggers).
/// </summary>
public sealed class PostgreSqlAuditChainTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static AuditEvent Event(int i) =>
        new(AuditEventType.SignInFailed, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero).AddSeconds(i), "T1", "07", null, "wrong_pin", "attempt " + i);

    private static async Task<(PostgreSqlAuditStore Store, PostgreSqlStoreOptions Options)> StoreWithRecordsAsync(int count, byte[]? key = null)
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync(schema: PostgresTestServer.NewSchema());
        options.AuditChainKey = key;
        var store = new PostgreSqlAuditStore(options);
        for (int i = 1; i <= count; i++)
        {
            await store.AppendAsync(Event(i));
        }

        return (store, options);
    }

    /// <summary>Runs SQL outside the store, with the schema's append-only triggers dropped first.</summary>
    private static async Task TamperAsync(PostgreSqlStoreOptions options, string sql)
    {
        await using NpgsqlConnection raw = await PostgresTestServer.OpenRawAsync();
        string s = "\"" + options.Schema + "\"";
        await using var command = new NpgsqlCommand(
            $"SET search_path = {s}; DROP TRIGGER IF EXISTS audit_append_only ON audit; DROP TRIGGER IF EXISTS audit_no_truncate ON audit; " + sql.Replace("{site}", "'" + options.Site + "'", StringComparison.Ordinal),
            raw);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Verify_WhenUntouched_IsValidAndKeyed()
    {
        (PostgreSqlAuditStore store, _) = await StoreWithRecordsAsync(5, Key);
        await using (store)
        {
            Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 5, IsKeyed: true), await store.VerifyAuditChainAsync());
        }
    }

    [Fact]
    public async Task RawUpdateAndDelete_AreRefusedByTheAppendOnlyTrigger()
    {
        (PostgreSqlAuditStore store, PostgreSqlStoreOptions options) = await StoreWithRecordsAsync(3, Key);
        await using (store)
        {
            await using NpgsqlConnection raw = await PostgresTestServer.OpenRawAsync();
            foreach (string sql in new[] { "UPDATE \"{schema}\".audit SET code = 'ok' WHERE sequence = 2", "DELETE FROM \"{schema}\".audit WHERE sequence = 2", "TRUNCATE \"{schema}\".audit" })
            {
                await using var command = new NpgsqlCommand(sql.Replace("{schema}", options.Schema, StringComparison.Ordinal), raw);
                PostgresException ex = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
                Assert.Contains("append-only", ex.MessageText, StringComparison.Ordinal);
            }

            Assert.True((await store.VerifyAuditChainAsync()).IsValid);
        }
    }

    [Theory]
    [InlineData("UPDATE audit SET code = 'sign_in_ok' WHERE site = {site} AND sequence = 3", 3, AuditChainBreak.Tampered)]
    [InlineData("UPDATE audit SET timestamp = timestamp + 1 WHERE site = {site} AND sequence = 4", 4, AuditChainBreak.Tampered)]
    [InlineData("DELETE FROM audit WHERE site = {site} AND sequence = 4", 4, AuditChainBreak.Missing)]
    [InlineData("DELETE FROM audit WHERE site = {site} AND sequence = 6", 6, AuditChainBreak.TruncatedTail)]
    [InlineData("DELETE FROM audit WHERE site = {site} AND sequence <= 2", 1, AuditChainBreak.TruncatedHead)]
    public async Task Verify_WhenTheTrailWasEditedOutsideTheStore_ReportsTheFirstBrokenSequence(string sql, long broken, AuditChainBreak kind)
    {
        (PostgreSqlAuditStore store, PostgreSqlStoreOptions options) = await StoreWithRecordsAsync(6, Key);
        await using (store)
        {
            await TamperAsync(options, sql);
            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.Equal((false, broken, kind), (result.IsValid, result.FirstBrokenSequence, result.Break));
        }
    }

    // The attack of the review: delete records from the end and copy the last surviving row's MAC into the head.
    [Fact]
    public async Task TailDeletedAndHeadRewritten_VerifyReportsAForgedHead_AppendAndClearRefuse()
    {
        (PostgreSqlAuditStore store, PostgreSqlStoreOptions options) = await StoreWithRecordsAsync(6, Key);
        await using (store)
        {
            await TamperAsync(options, "DELETE FROM audit WHERE site = {site} AND sequence >= 5; UPDATE audit_chain SET last_sequence = 4, last_mac = (SELECT mac FROM audit WHERE site = {site} AND sequence = 4) WHERE site = {site}");

            Assert.Equal(AuditChainBreak.HeadTampered, (await store.VerifyAuditChainAsync()).Break);

            // A new store instance (no remembered head) and the one that saw the head before both refuse to append.
            await using var fresh = new PostgreSqlAuditStore(options);
            foreach (PostgreSqlAuditStore s in new[] { fresh, store })
            {
                PostgreSqlStoreException ex = await Assert.ThrowsAsync<PostgreSqlStoreException>(async () => await s.AppendAsync(Event(7)));
                Assert.Equal(PostgreSqlStoreErrorCode.AuditChainBroken, ex.Code);
            }

            Assert.Equal([1L, 2, 3, 4], (await store.ReadAsync()).Select(r => r.Sequence));
            Assert.Equal(PostgreSqlStoreErrorCode.AuditChainBroken, (await Assert.ThrowsAsync<PostgreSqlStoreException>(async () => await fresh.ClearAsync())).Code);
        }
    }

    [Fact]
    public async Task RecordInsertedBeyondTheEnd_VerifyReportsIt_AndAnAppendRefuses()
    {
        (PostgreSqlAuditStore store, PostgreSqlStoreOptions options) = await StoreWithRecordsAsync(3, Key);
        await using (store)
        {
            await TamperAsync(options, "INSERT INTO audit (site, sequence, type, timestamp, code, mac) SELECT site, 4, type, timestamp, 'sign_in_ok', mac FROM audit WHERE site = {site} AND sequence = 3");

            AuditChainVerification result = await store.VerifyAuditChainAsync();
            Assert.Equal((false, 4L, AuditChainBreak.Unexpected), (result.IsValid, result.FirstBrokenSequence, result.Break));
            PostgreSqlStoreException ex = await Assert.ThrowsAsync<PostgreSqlStoreException>(async () => await store.AppendAsync(Event(9)));
            Assert.Equal(PostgreSqlStoreErrorCode.AuditChainBroken, ex.Code);
            Assert.Equal(4, (await store.ReadAsync()).Count);
        }
    }

    [Fact]
    public async Task Verify_WithAnotherKey_ReportsAForgedHead_AndAppendRefuses()
    {
        (PostgreSqlAuditStore store, PostgreSqlStoreOptions options) = await StoreWithRecordsAsync(3, Key);
        await store.DisposeAsync();
        options.AuditChainKey = [.. Enumerable.Range(100, 32).Select(i => (byte)i)];
        await using var other = new PostgreSqlAuditStore(options);

        Assert.Equal(AuditChainBreak.HeadTampered, (await other.VerifyAuditChainAsync()).Break);
        Assert.Equal(PostgreSqlStoreErrorCode.AuditChainBroken, (await Assert.ThrowsAsync<PostgreSqlStoreException>(async () => await other.AppendAsync(Event(4)))).Code);
    }

    [Fact]
    public async Task Verify_AgainstAnExportedHead_DetectsARollbackToAnOlderCopyAndARecreatedTrail()
    {
        (PostgreSqlAuditStore store, PostgreSqlStoreOptions options) = await StoreWithRecordsAsync(3, Key);
        await using (store)
        {
            // An older copy of this site's trail (records 1-3 and their genuine head), kept aside.
            await TamperAsync(options, "CREATE TABLE old_audit AS SELECT * FROM audit WHERE site = {site}; CREATE TABLE old_head AS SELECT * FROM audit_chain WHERE site = {site}");
            await store.AppendAsync(Event(4));
            AuditChainHead anchor = await store.ExportAuditHeadAsync();
            Assert.True(AuditChainHead.TryParse(anchor.ToString(), out AuditChainHead? parsed));
            Assert.True((await store.VerifyAuditChainAsync(parsed)).IsValid);
            await store.AppendAsync(Event(5));
            Assert.True((await store.VerifyAuditChainAsync(parsed)).IsValid);

            // Rolled back to the older copy: valid on its own, not against the anchor; and no lane that saw the newer head appends.
            await TamperAsync(options, "DELETE FROM audit WHERE site = {site}; INSERT INTO audit SELECT * FROM old_audit; DELETE FROM audit_chain WHERE site = {site}; INSERT INTO audit_chain SELECT * FROM old_head");
            Assert.True((await store.VerifyAuditChainAsync()).IsValid);
            Assert.Equal(AuditChainBreak.RolledBack, (await store.VerifyAuditChainAsync(parsed)).Break);
            Assert.Equal(PostgreSqlStoreErrorCode.AuditChainBroken, (await Assert.ThrowsAsync<PostgreSqlStoreException>(async () => await store.AppendAsync(Event(6)))).Code);

            // Deleted with its head and written again, as long as the old one: a different chain.
            await TamperAsync(options, "DELETE FROM audit WHERE site = {site}; DELETE FROM audit_chain WHERE site = {site}");
            await using var recreated = new PostgreSqlAuditStore(options);
            for (int i = 1; i <= 6; i++)
            {
                await recreated.AppendAsync(Event(i) with { Code = "sign_in_ok" });
            }

            Assert.True((await recreated.VerifyAuditChainAsync()).IsValid);
            Assert.Equal(AuditChainBreak.RolledBack, (await recreated.VerifyAuditChainAsync(parsed)).Break);
        }
    }

    [Fact]
    public async Task ConcurrentAppendsFromManyLanes_FormOneGapFreeValidChain()
    {
        PostgreSqlStoreOptions options = await PostgresTestServer.OptionsAsync();
        options.AuditChainKey = Key;
        PostgreSqlAuditStore[] lanes = [new(options), new(options), new(options), new(options)];
        try
        {
            long[] sequences = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => lanes[i % lanes.Length].AppendAsync(Event(i)).AsTask()));

            Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), sequences.Order());
            Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 200, IsKeyed: true), await lanes[0].VerifyAuditChainAsync());
        }
        finally
        {
            foreach (PostgreSqlAuditStore lane in lanes)
            {
                await lane.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Verify_AfterClearAndMoreAppends_IsValidAndSequencesContinue()
    {
        (PostgreSqlAuditStore store, _) = await StoreWithRecordsAsync(3, Key);
        await using (store)
        {
            await store.ClearAsync();
            Assert.True((await store.VerifyAuditChainAsync()).IsValid);
            Assert.Equal(4, await store.AppendAsync(Event(4)));
            Assert.Equal(new AuditChainVerification(true, null, AuditChainBreak.None, 1, IsKeyed: true), await store.VerifyAuditChainAsync());
        }
    }
}
