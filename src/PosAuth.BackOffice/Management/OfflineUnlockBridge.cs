using PosAuth.OfflineUnlock;

namespace PosAuth.BackOffice.Management;

/// <summary>
/// The back office's ONLY use of the offline-unlock (RFC 6287 OCRA) types: the scheme lives in the core today and is
/// moving to its own package (PosAuth.OfflineUnlock); re-point this one file when it does.
/// </summary>
internal static class OfflineUnlockBridge
{
    /// <summary>Reads a lane's QR payload (it names the terminal and operator itself); false when it is plain digits or malformed.</summary>
    public static bool TryReadQrPayload(string payload, out string terminalId, out string operatorId, out string challenge)
    {
        if (OfflineUnlockRequest.TryParseQrPayload(payload, out OfflineUnlockRequest? request))
        {
            terminalId = request.TerminalId;
            operatorId = request.TargetOperatorId;
            challenge = request.Challenge;
            return true;
        }

        terminalId = operatorId = challenge = "";
        return false;
    }

    /// <summary>The response the lane expects, from the vendor master key and the lane's serial (the derived key is zeroed).</summary>
    /// <exception cref="ArgumentException">The challenge or an id is not valid.</exception>
    public static string ComputeResponse(byte[] masterKey, string serial, string terminalId, string operatorId, string challenge) =>
        OfflineUnlockCalculator.ComputeResponseFromMaster(masterKey, serial, terminalId, operatorId, challenge);
}
