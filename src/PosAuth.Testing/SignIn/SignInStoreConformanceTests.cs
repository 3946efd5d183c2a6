using PosAuth.Lockout;
using PosAuth.Storage;
using Xunit;

namespace PosAuth.Testing;

/// <summary>
/// Conformance facts for the charge of an <see cref="ISignInStore"/> (<see cref="ISignInStore.TryChargeAsync"/>): the
/// operator read and the attempt writes of one sign-in in one store call. The writes commit only when the operator is
/// as the charge expects (an account of the expected role, or no account for a number nobody has), all or none, and
/// exactly one of racing charges over the same record gets through. Derive a test class and override
/// <see cref="StoreConformanceTests{TStore}.CreateStoreAsync"/> to return a sign-in store over new, empty stores.
/// </summary>
/// <remarks>
/// A store that does not override <see cref="ISignInStore.TryChargeAsync"/> passes with the default (read, then
/// write); one that overrides it to save a round trip is held to the same answers here.
/// </remarks>
public abstract class SignInStoreConformanceTests : StoreConformanceTests<ISignInStore>
{
    /// <summary>The terminal used by the facts.</summary>
    protected const string TerminalId = "T0005678";

    /// <summary>The attempt key of a number nobody has (a digest in the real flow; never a well-formed number).</summary>
    protected const string UnknownSubject = "?0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private static AttemptKey Throttle => AttemptKey.ForTerminal(TerminalId);

    /// <summary>An account of <paramref name="role"/>.</summary>
    /// <param name="operatorId">The operator number.</param>
    /// <param name="role">The role.</param>
    /// <returns>The account.</returns>
    protected OperatorAccount Account(string operatorId, OperatorRole role) => new()
    {
        OperatorId = operatorId,
        Role = role,
        PinHash = "$pbkdf2-sha512$i=1000$c2lnbmlu$c2lnbmlu",
        CreatedAt = Time.GetUtcNow(),
    };

    /// <summary>A stored attempt record with one failure, as a charge finds it.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The record.</returns>
    protected AttemptRecord OneFailure(AttemptKey key) => new()
    {
        Key = key,
        FailureCount = 1,
        FirstFailureAt = Time.GetUtcNow().AddMinutes(-1),
        LastFailureAt = Time.GetUtcNow().AddMinutes(-1),
        LastSeenAt = Time.GetUtcNow(),
    };

    /// <summary>
    /// The writes of a charge as <see cref="LockoutPolicy"/> plans them over a store that compares whole records: the
    /// subject's record one failure further over the record <paramref name="stored"/> (expected whole when
    /// <see cref="IAttemptStore.ComparesExpectedRecords"/>), and the terminal throttle's record inserted.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="stored">The subject's record as stored.</param>
    /// <returns>The writes.</returns>
    protected AttemptWrite[] ChargeWrites(ISignInStore store, AttemptRecord stored)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(stored);
        AttemptWrite subject = AttemptWrite.Update(stored with { FailureCount = stored.FailureCount + 1, LastFailureAt = Time.GetUtcNow() }, stored.Version);
        if (store.AttemptStore.ComparesExpectedRecords)
        {
            subject = subject with { ExpectedRecord = stored };
        }

        return [subject, AttemptWrite.Insert(new AttemptRecord { Key = Throttle, FailureCount = 1, LastFailureAt = Time.GetUtcNow(), LastSeenAt = Time.GetUtcNow() })];
    }

    /// <summary>
    /// A charge whose operator is as expected commits every write and answers with the account read in the same call
    /// (an account of the expected role; none for a number nobody has).
    /// </summary>
    /// <param name="known">Whether the number has an account.</param>
    /// <returns>A task.</returns>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TryCharge_WhenTheOperatorIsAsExpected_CommitsEveryWrite_AndAnswersWithTheAccount(bool known)
    {
        ISignInStore store = await NewStoreAsync();
        var key = new AttemptKey(TerminalId, known ? "07" : UnknownSubject);
        if (known)
        {
            Assert.True(await store.OperatorStore.TryCreateAsync(Account("07", OperatorRole.Supervisor)));
        }

        AttemptRecord stored = await StoreAsync(store, OneFailure(key));

        SignInChargeResult result = await store.TryChargeAsync(new SignInCharge
        {
            OperatorId = "07",
            ExpectedRole = known ? OperatorRole.Supervisor : null,
            AttemptWrites = ChargeWrites(store, stored),
        });

        Assert.True(result.Charged, "A charge whose operator is as expected was not committed.");
        Assert.Equal(2, (await store.AttemptStore.GetAsync(key, default))!.FailureCount);
        Assert.Equal(1, (await store.AttemptStore.GetAsync(Throttle, default))!.FailureCount);
        Assert.True(result.AccountRead, "The charge did not read the operator.");
        if (known)
        {
            Assert.Equal("07", result.Account!.OperatorId);
            Assert.Equal(OperatorRole.Supervisor, result.Account.Role);
        }
        else
        {
            Assert.Null(result.Account);
        }
    }

    /// <summary>
    /// A charge planned for what the lane last saw writes NOTHING when the operator has changed since: another role, an
    /// account deleted, or an account created for a number that had none. The answer carries the account as it is.
    /// </summary>
    /// <param name="change">What changed: <c>role</c>, <c>deleted</c> or <c>created</c>.</param>
    /// <returns>A task.</returns>
    [Theory]
    [InlineData("role")]
    [InlineData("deleted")]
    [InlineData("created")]
    public async Task TryCharge_WhenTheOperatorIsNotAsExpected_WritesNothing(string change)
    {
        ArgumentNullException.ThrowIfNull(change);
        ISignInStore store = await NewStoreAsync();
        var key = new AttemptKey(TerminalId, "07");
        OperatorRole? expected = change == "created" ? null : OperatorRole.Operator;
        OperatorAccount? actual = change switch
        {
            "role" => Account("07", OperatorRole.Supervisor),
            "created" => Account("07", OperatorRole.Operator),
            _ => null,
        };
        if (actual is not null)
        {
            Assert.True(await store.OperatorStore.TryCreateAsync(actual));
        }

        AttemptRecord stored = await StoreAsync(store, OneFailure(key));

        SignInChargeResult result = await store.TryChargeAsync(new SignInCharge { OperatorId = "07", ExpectedRole = expected, AttemptWrites = ChargeWrites(store, stored) });

        Assert.False(result.Charged, $"A charge was committed although the operator was not as expected ({change}).");
        Assert.Equal(1, (await store.AttemptStore.GetAsync(key, default))!.FailureCount);
        Assert.Null(await store.AttemptStore.GetAsync(Throttle, default));
        if (result.AccountRead)
        {
            Assert.Equal(actual?.Role, result.Account?.Role);
        }
    }

    /// <summary>A charge whose second write finds another record writes neither (all or none), and says so.</summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryCharge_WhenOneWriteFindsAnotherRecord_WritesNoneOfThem()
    {
        ISignInStore store = await NewStoreAsync();
        Assert.True(await store.OperatorStore.TryCreateAsync(Account("07", OperatorRole.Operator)));
        var key = new AttemptKey(TerminalId, "07");
        AttemptRecord stored = await StoreAsync(store, OneFailure(key));
        await StoreAsync(store, OneFailure(Throttle)); // the throttle insert of the charge now finds a record

        SignInChargeResult result = await store.TryChargeAsync(new SignInCharge { OperatorId = "07", ExpectedRole = OperatorRole.Operator, AttemptWrites = ChargeWrites(store, stored) });

        Assert.False(result.Charged, "A charge was committed although one of its writes found another record.");
        Assert.Equal(1, (await store.AttemptStore.GetAsync(key, default))!.FailureCount);
    }

    /// <summary>
    /// Charges racing from the same stored record (lanes charging one operator at once, each from its own view): in
    /// every round exactly one is committed, and the record counts exactly one failure more.
    /// </summary>
    /// <returns>A task.</returns>
    [Fact]
    public async Task TryCharge_RacingOverTheSameRecord_CommitsExactlyOnePerRound()
    {
        ISignInStore store = await NewStoreAsync();
        Assert.True(await store.OperatorStore.TryCreateAsync(Account("07", OperatorRole.Operator)));
        var key = new AttemptKey(TerminalId, "07");
        AttemptRecord stored = await StoreAsync(store, OneFailure(key));
        int rounds = Math.Max(10, ConcurrencyRounds / 10);
        for (int round = 0; round < rounds; round++)
        {
            AttemptWrite subject = ChargeWrites(store, stored)[0]; // the subject only: the throttle is not what races here
            bool[] charged = await RunInParallelAsync(ConcurrentWriters, async _ =>
                (await store.TryChargeAsync(new SignInCharge { OperatorId = "07", ExpectedRole = OperatorRole.Operator, AttemptWrites = [subject] })).Charged);

            Assert.True(charged.Count(c => c) == 1, $"Round {round}: {charged.Count(c => c)} of {ConcurrentWriters} racing charges over one record were committed.");
            stored = (await store.AttemptStore.GetAsync(key, default))!;
            Assert.Equal(round + 2, stored.FailureCount);
        }
    }

    private static async Task<AttemptRecord> StoreAsync(ISignInStore store, AttemptRecord record)
    {
        Assert.True(await store.AttemptStore.TryWriteAsync([AttemptWrite.Insert(record)], default));
        return (await store.AttemptStore.GetAsync(record.Key, default))!;
    }
}
