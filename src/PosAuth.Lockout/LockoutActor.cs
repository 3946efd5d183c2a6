namespace PosAuth.Lockout;

/// <summary>
/// Who performs an administrative lockout action (an unlock or a reset).
/// </summary>
/// <param name="ActorId">The acting operator's number, or <c>system</c> for <see cref="System"/>.</param>
/// <param name="Role">The acting operator's role.</param>
public readonly record struct LockoutActor(string ActorId, OperatorRole Role)
{
    /// <summary>The actor id used by <see cref="System"/>.</summary>
    public const string SystemActorId = "system";

    /// <summary>
    /// The SDK itself acting for a recovery flow (challenge-response unlock, factory reset).
    /// It may unlock any subject.
    /// </summary>
    public static LockoutActor System { get; } = new(SystemActorId, OperatorRole.Administrator) { IsSystem = true };

    /// <summary>Whether this is <see cref="System"/>.</summary>
    public bool IsSystem { get; private init; }

    /// <summary>
    /// Whether this actor may unlock <paramref name="subjectRole"/>: the system always, an administrator
    /// any role, anyone else only a role they strictly outrank.
    /// </summary>
    /// <param name="subjectRole">The locked subject's role.</param>
    /// <returns><see langword="true"/> when the unlock is allowed.</returns>
    public bool MayUnlock(OperatorRole subjectRole) =>
        IsSystem || Role == OperatorRole.Administrator || Role.Outranks(subjectRole);
}
