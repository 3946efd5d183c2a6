using Microsoft.Extensions.DependencyInjection;
using PosAuth.ErrorCodes;
using PosAuth.Hashing;
using PosAuth.Sessions;
using PosAuth.Storage;
using PosAuth.Testing;
using PosAuth.Tests.TestSupport;

namespace PosAuth.Tests.Integration;

public sealed class TerminalSessionManagerErrorCodeExtensionsTests : IAsyncLifetime
{
    private ServiceProvider _sp = null!;
    private TerminalSessionManager _session = null!;
    private IErrorCodeClassifier _classifier = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider());
        services.AddSingleton<IHostSignOn, FakeHost>();
        services.AddPosAuth(o => { o.Hashing.Iterations = 1_000; o.Hashing.MinimumIterations = 1_000; }).UseInMemoryStores();
        _sp = services.BuildServiceProvider();
        IPinHasher hasher = _sp.GetRequiredService<IPinHasher>();
        await _sp.GetRequiredService<IOperatorStore>().TryCreateAsync(new OperatorAccount { OperatorId = "01", Role = OperatorRole.Operator, PinHash = hasher.Hash("7391") });
        _classifier = _sp.GetRequiredService<IErrorCodeClassifier>();
        _session = _sp.GetRequiredService<ITerminalSessionManagerFactory>().Create("T0001");
        await _session.RestoreOrStartAsync();
        Assert.True((await _session.SignInOperatorAsync("01", "7391".AsMemory())).Succeeded);
        Assert.True((await _session.SignInTerminalAsync()).Succeeded);
        Assert.Equal(TerminalSessionState.Ready, _session.Current!.State);
    }

    public Task DisposeAsync()
    {
        _session.Dispose();
        return _sp.DisposeAsync().AsTask();
    }

    [Theory]
    [InlineData("77", SignInRequiredReason.BatchMismatch)]
    [InlineData("A0", SignInRequiredReason.MacOrPinKeyError)]
    public async Task ApplyResponse_SignInAgainCode_MovesSessionToSignInRequired(string code, SignInRequiredReason reason)
    {
        SessionResult applied = await _session.ApplyResponseAsync(_classifier.Classify(ErrorSource.UnionPay, code));

        Assert.True(applied.Succeeded);
        Assert.Equal(SessionTrigger.RequireSignIn, applied.Trigger);
        Assert.Equal(TerminalSessionState.SignInRequired, applied.Session.State);
        Assert.Equal(TerminalSessionState.SignInRequired, _session.Current!.State);
        Assert.Equal(reason, _session.Current.SignInRequiredReason);
        Assert.Equal(code, _session.Current.SignInRequiredResponseCode);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("55")]
    [InlineData("51")]
    [InlineData("ZZ")]
    public async Task ApplyResponse_OtherCodes_LeaveTheSessionReady(string code)
    {
        SessionResult applied = await _session.ApplyResponseAsync(_classifier.Classify(ErrorSource.UnionPay, code));

        Assert.True(applied.Succeeded);
        Assert.Null(applied.Trigger);
        Assert.Equal(TerminalSessionState.Ready, applied.Session.State);
        Assert.Equal(TerminalSessionState.Ready, _session.Current!.State);
    }
}

public sealed class SignInReasonMappingTests
{
    private readonly ErrorCodeClassifier _classifier = new();

    [Theory]
    [InlineData(ErrorSource.UnionPay, "77", SignInRequiredReason.BatchMismatch)]
    [InlineData(ErrorSource.UnionPay, "99", SignInRequiredReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.UnionPay, "A0", SignInRequiredReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.Transport, "RESPONSE_MAC_INVALID", SignInRequiredReason.MacOrPinKeyError)]
    [InlineData(ErrorSource.Device, "PIN_KEY_MISSING", SignInRequiredReason.KeyExpired)]
    [InlineData(ErrorSource.UnionPay, "22", SignInRequiredReason.HostDemanded)]
    public void ReasonFor_MapsTheCodeToTheSessionReason(ErrorSource source, string code, SignInRequiredReason expected) =>
        Assert.Equal(expected, TerminalSessionManagerErrorCodeExtensions.ReasonFor(_classifier.Classify(source, code)));
}
