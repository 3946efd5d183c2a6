using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PosAuth.ErrorCodes;
using PosAuth.Hashing;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Testing;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Integration;

/// <summary>
/// The session's sign-in reason comes from the error-code tables' column. Refactoring proof: for every built-in code and
/// for any override that names no reason, <see cref="TerminalSessionManagerErrorCodeExtensions.ReasonFor"/> gives what
/// the rule hard-coded in it before gave (kept here, verbatim, as the oracle).
/// </summary>
public sealed class SignInReasonColumnIntegrationTests
{
    [Fact]
    public void ReasonFor_EveryBuiltInCodeAndUnknownCodes_GivesWhatTheHardCodedRuleGave()
    {
        var classifier = new ErrorCodeClassifier();
        int checkedCodes = 0;
        foreach (ErrorSource source in Enum.GetValues<ErrorSource>())
        {
            IEnumerable<ErrorClassification> all = classifier.GetKnownCodes(source)
                .Append(classifier.Classify(source, "ZZ"))
                .Append(classifier.Classify(source, "999"))
                .Append(classifier.Classify(source, "NO_SUCH_CODE"))
                .Append(classifier.Classify(source, (string?)null));
            foreach (ErrorClassification c in all)
            {
                Assert.True(OldReasonFor(c) == TerminalSessionManagerErrorCodeExtensions.ReasonFor(c), $"{source} {c.Code}");
                checkedCodes++;
            }
        }

        Assert.True(checkedCodes > 200, $"only {checkedCodes} codes checked");
    }

    [Property]
    public Property ReasonFor_AnyOverrideThatNamesNoReason_GivesWhatTheHardCodedRuleGave()
    {
        var classifier = new ErrorCodeClassifier();
        (ErrorSource Source, string Code)[] known = [.. Enum.GetValues<ErrorSource>()
            .SelectMany(s => classifier.GetKnownCodes(s).Select(c => (s, c.Code)))];
        Gen<ErrorCodeOverride> entry =
            from pick in Gen.Elements(known)
            from category in Gen.OneOf(Gen.Constant<ErrorCategory?>(null), Gen.Elements(Enum.GetValues<ErrorCategory>()).Select(c => (ErrorCategory?)c))
            from action in Gen.OneOf(Gen.Constant<RecommendedAction?>(null), Gen.Elements(Enum.GetValues<RecommendedAction>()).Select(a => (RecommendedAction?)a))
            from requiresSignIn in Gen.Elements<bool?>(null, true, false)
            select new ErrorCodeOverride { Source = pick.Source, Code = pick.Code, Category = category, Action = action, RequiresSignIn = requiresSignIn, MessageEn = "override" };

        return Prop.ForAll(
                Gen.ArrayOf(entry).Select(a => a.DistinctBy(o => (o.Source, o.Code)).ToArray()).ToArbitrary(),
                overrides =>
                {
                    var options = new ErrorCodeOptions();
                    foreach (ErrorCodeOverride o in overrides)
                    {
                        options.Overrides.Add(o);
                    }

                    var overridden = new ErrorCodeClassifier(options);
                    return overrides.All(o =>
                    {
                        ErrorClassification c = overridden.Classify(o.Source!.Value, o.Code);
                        ErrorClassification up = overridden.Classify(ErrorSource.UnionPay, o.Code);
                        return OldReasonFor(c) == TerminalSessionManagerErrorCodeExtensions.ReasonFor(c)
                            && OldReasonFor(up) == TerminalSessionManagerErrorCodeExtensions.ReasonFor(up);
                    });
                });
    }

    [Theory]
    [InlineData(SignInReason.HostDemanded, SignInRequiredReason.HostDemanded)]
    [InlineData(SignInReason.BatchMismatch, SignInRequiredReason.BatchMismatch)]
    [InlineData(SignInReason.MacOrPinKeyError, SignInRequiredReason.MacOrPinKeyError)]
    [InlineData(SignInReason.KeyExpired, SignInRequiredReason.KeyExpired)]
    public void ReasonFor_MapsEveryColumnValueToTheSessionReasonOfTheSameName(SignInReason column, SignInRequiredReason expected)
    {
        var c = new ErrorClassification("B9", ErrorSource.UnionPay, ErrorCategory.SignInRequired, RecommendedAction.SignInAgain, true, true, UnionPayHandlingClass.None, "签到", "sign in", column);

        Assert.Equal(expected, TerminalSessionManagerErrorCodeExtensions.ReasonFor(c));
        Assert.Equal(expected.ToString(), column.ToString());
    }

    [Fact]
    public void ReasonFor_CoversEveryColumnValue()
    {
        // A new column value without a session reason would silently read as HostDemanded.
        Assert.Equal(
            [nameof(SignInReason.HostDemanded), nameof(SignInReason.BatchMismatch), nameof(SignInReason.MacOrPinKeyError), nameof(SignInReason.KeyExpired)],
            Enum.GetNames<SignInReason>());
    }

    [Fact]
    public async Task ApplyResponse_ReasonOverriddenInConfiguration_IsTheSessionsReason()
    {
        // An acquirer whose 22 means "batch out of step": the override names the reason, the session records it.
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PosAuth:ErrorCodes:Overrides:0:Source"] = "UnionPay",
            ["PosAuth:ErrorCodes:Overrides:0:Code"] = "22",
            ["PosAuth:ErrorCodes:Overrides:0:SignInReason"] = "BatchMismatch",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth(configuration.GetSection("PosAuth"), o => { o.Hashing.Iterations = 1_000; o.Hashing.MinimumIterations = 1_000; })
            .UseInMemoryStores();
        await using ServiceProvider sp = services.BuildServiceProvider();
        IPinHasher hasher = sp.GetRequiredService<IPinHasher>();
        await sp.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = hasher.Hash("7391") });
        using TerminalSessionManager session = sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await session.RestoreOrStartAsync();
        Assert.True((await session.SignInOperatorAsync("01", "7391".AsMemory())).Succeeded);
        Assert.True((await session.SignInTerminalAsync()).Succeeded);

        SessionResult applied = await session.ApplyResponseAsync(sp.GetRequiredService<IErrorCodeClassifier>().Classify(ErrorSource.UnionPay, "22"));

        Assert.Equal(TerminalSessionState.SignInRequired, applied.Session.State);
        Assert.Equal(SignInRequiredReason.BatchMismatch, applied.Session.SignInRequiredReason);
        Assert.Equal("22", applied.Session.SignInRequiredResponseCode);
    }

    /// <summary>The rule that was hard-coded in ReasonFor before the column existed, verbatim.</summary>
    private static SignInRequiredReason OldReasonFor(ErrorClassification classification) =>
        (classification.Source, classification.Code) switch
        {
            (ErrorSource.UnionPay, "77") => SignInRequiredReason.BatchMismatch,
            (ErrorSource.UnionPay, "99" or "A0") => SignInRequiredReason.MacOrPinKeyError,
            (ErrorSource.Iso8583v1993, "126" or "128" or "916" or "917" or "918" or "919") => SignInRequiredReason.MacOrPinKeyError,
            (ErrorSource.Transport, TransportCodes.ResponseMacInvalid) => SignInRequiredReason.MacOrPinKeyError,
            (ErrorSource.Device, DeviceCodes.PinKeyMissing or DeviceCodes.KeyCheckValueMismatch or DeviceCodes.MasterKeyMissing) => SignInRequiredReason.KeyExpired,
            _ when classification.Category == ErrorCategory.SecurityError => SignInRequiredReason.MacOrPinKeyError,
            _ => SignInRequiredReason.HostDemanded,
        };
}
