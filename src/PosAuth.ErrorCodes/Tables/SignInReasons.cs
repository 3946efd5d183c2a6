using System.Collections.Frozen;

namespace PosAuth.ErrorCodes.Tables;

/// <summary>The rules of the sign-in reason column: what a row that does not name its reason gets.</summary>
internal static class SignInReasons
{
    private static readonly FrozenDictionary<(ErrorSource Source, string Code), SignInReason> Named =
        BuiltInTables.Entries
            .Where(e => e.SignInReason is not null)
            .ToFrozenDictionary(e => (e.Source, e.Code), e => e.SignInReason!.Value);

    /// <summary>A row that names no reason: <see cref="SignInReason.MacOrPinKeyError"/> for a security error, <see cref="SignInReason.HostDemanded"/> otherwise.</summary>
    public static SignInReason ByCategory(ErrorCategory category) =>
        category == ErrorCategory.SecurityError ? SignInReason.MacOrPinKeyError : SignInReason.HostDemanded;

    /// <summary>The reason a built-in row names for exactly this source and code, if any.</summary>
    public static SignInReason? NamedFor(ErrorSource source, string code) =>
        Named.TryGetValue((source, code), out SignInReason reason) ? reason : null;

    /// <summary>The reason of a classification nobody named one for: the built-in row's for its source and code, else by category.</summary>
    public static SignInReason Default(ErrorSource source, string code, ErrorCategory category) =>
        NamedFor(source, code) ?? ByCategory(category);
}
