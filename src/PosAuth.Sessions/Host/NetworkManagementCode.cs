namespace PosAuth.Sessions;

/// <summary>The ISO 8583 field 60 network-management code of a sign-in (0800) or sign-out (0820).</summary>
public enum NetworkManagementCode
{
    /// <summary>001: sign-in, single-length working keys.</summary>
    SignInSingleLengthKeys = 1,

    /// <summary>002: sign-out (0820).</summary>
    SignOut = 2,

    /// <summary>003: sign-in, double-length working keys.</summary>
    SignInDoubleLengthKeys = 3,

    /// <summary>004: sign-in, double-length working keys with a track key.</summary>
    SignInDoubleLengthKeysWithTrackKey = 4,
}
