namespace PosAuth.ErrorCodes.Tests.SignIn;

public sealed class ErrorClassificationExtensionsTests
{
    private sealed class RecordingSink : ISignInRequirementSink
    {
        public List<ErrorClassification> Calls { get; } = [];

        public ValueTask RequireSignInAsync(ErrorClassification classification, CancellationToken cancellationToken = default)
        {
            Calls.Add(classification);
            return ValueTask.CompletedTask;
        }
    }

    private static readonly ErrorCodeClassifier Classifier = new();

    [Theory]
    [InlineData(ErrorSource.UnionPay, "77")]
    [InlineData(ErrorSource.UnionPay, "A0")]
    [InlineData(ErrorSource.Iso8583v1993, "916")]
    [InlineData(ErrorSource.Transport, TransportCodes.ResponseMacInvalid)]
    [InlineData(ErrorSource.Device, DeviceCodes.KeyCheckValueMismatch)]
    public async Task ApplyToAsync_SignInAgain_TellsTheSink(ErrorSource source, string code)
    {
        var sink = new RecordingSink();
        ErrorClassification c = Classifier.Classify(source, code);

        Assert.True(await c.ApplyToAsync(sink));
        Assert.Same(c, Assert.Single(sink.Calls));
    }

    [Theory]
    [InlineData(ErrorSource.UnionPay, "55")]
    [InlineData(ErrorSource.UnionPay, "00")]
    [InlineData(ErrorSource.Transport, TransportCodes.ResponseTimeout)]
    [InlineData(ErrorSource.UnionPay, "garbage")]
    public async Task ApplyToAsync_OtherActions_LeaveTheSinkAlone(ErrorSource source, string code)
    {
        var sink = new RecordingSink();

        Assert.False(await Classifier.Classify(source, code).ApplyToAsync(sink));
        Assert.Empty(sink.Calls);
    }

    [Fact]
    public async Task ApplyToAsync_NullArguments_Throw()
    {
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await Classifier.Classify(ErrorSource.UnionPay, "77").ApplyToAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await ((ErrorClassification)null!).ApplyToAsync(new RecordingSink()));
    }
}
