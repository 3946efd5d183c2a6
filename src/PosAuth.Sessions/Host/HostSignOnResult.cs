namespace PosAuth.Sessions;

/// <summary>The outcome of a host sign-in (0810).</summary>
public sealed record HostSignOnResult
{
    /// <summary>Whether the host approved the sign-in and the working keys were accepted.</summary>
    public bool Succeeded { get; init; }

    /// <summary>The batch number the host returned (0 to 999999), or <see langword="null"/> to keep the terminal's.</summary>
    public int? BatchNumber
    {
        get;
        init => field = value is null or (>= 0 and <= 999_999)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), "A batch number has six digits (0 to 999999).");
    }

    /// <summary>The response code (field 39), for example "00", "77" or "A0"; <see langword="null"/> when the host did not answer.</summary>
    public string? ResponseCode { get; init; }

    /// <summary>A short description of the failure for logs and the UI (no key material).</summary>
    public string? FailureReason { get; init; }

    /// <summary>An approved sign-in.</summary>
    /// <param name="batchNumber">The batch number the host returned, or <see langword="null"/>.</param>
    /// <param name="responseCode">The response code, "00" by default.</param>
    /// <returns>The result.</returns>
    public static HostSignOnResult Success(int? batchNumber = null, string responseCode = "00") =>
        new() { Succeeded = true, BatchNumber = batchNumber, ResponseCode = responseCode };

    /// <summary>A failed sign-in.</summary>
    /// <param name="responseCode">The host's response code, or <see langword="null"/> when it did not answer.</param>
    /// <param name="failureReason">A short description of the failure.</param>
    /// <returns>The result.</returns>
    public static HostSignOnResult Failure(string? responseCode, string? failureReason = null) =>
        new() { Succeeded = false, ResponseCode = responseCode, FailureReason = failureReason };
}
