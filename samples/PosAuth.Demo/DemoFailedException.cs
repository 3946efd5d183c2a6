namespace PosAuth.Demo;

/// <summary>A step of the scripted scenario did not turn out as the SDK promises; the demo exits 1.</summary>
internal sealed class DemoFailedException(string message) : Exception(message);
