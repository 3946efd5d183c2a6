namespace PosAuth.Sessions;

/// <summary>The outcome of a host sign-out (0830).</summary>
/// <param name="Succeeded">Whether the host acknowledged the sign-out.</param>
/// <param name="ResponseCode">The response code, or <see langword="null"/> when the host did not answer.</param>
/// <param name="FailureReason">A short description of the failure.</param>
public sealed record HostSignOffResult(bool Succeeded, string? ResponseCode = null, string? FailureReason = null);
