namespace PosAuth;

/// <summary>
/// What this authenticator last read about an operator number: an account of some role, or none. It lets a sign-in
/// charge its attempt and read the account in one store call (<see cref="Storage.ISignInStore.TryChargeAsync"/>), the
/// charge conditional on the account still being what was read; it never decides anything by itself.
/// </summary>
/// <remarks>
/// Numbers nobody has are remembered as well as numbers of real accounts, so a number typed a second time takes the same
/// path whether or not it exists: the store calls of a sign-in never tell the two apart. Held in memory only (never
/// written or logged), at most <see cref="Capacity"/> numbers; when full it starts over, which only costs the next
/// sign-in of each number its separate read.
/// </remarks>
internal sealed class OperatorBeliefs
{
    internal const int Capacity = 4096;

    private readonly Dictionary<string, OperatorRole?> _roles = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>The role of the account last read for <paramref name="operatorId"/>, or <see langword="null"/> when there was none.</summary>
    public bool TryGet(string operatorId, out OperatorRole? role)
    {
        lock (_gate)
        {
            return _roles.TryGetValue(operatorId, out role);
        }
    }

    /// <summary>Remembers what was read for <paramref name="operatorId"/>.</summary>
    public void Remember(string operatorId, OperatorAccount? account)
    {
        lock (_gate)
        {
            if (_roles.Count >= Capacity && !_roles.ContainsKey(operatorId))
            {
                _roles.Clear();
            }

            _roles[operatorId] = account?.Role;
        }
    }
}
