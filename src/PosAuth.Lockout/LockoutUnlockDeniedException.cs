namespace PosAuth.Lockout;

/// <summary>
/// Thrown by <see cref="ILockoutPolicy.UnlockAsync"/> when the actor does not outrank the locked subject
/// (nobody unlocks a role above or equal to their own, except the administrator and the system).
/// </summary>
public sealed class LockoutUnlockDeniedException : InvalidOperationException
{
    /// <summary>Creates the exception with a default message.</summary>
    public LockoutUnlockDeniedException()
        : base("The actor may not unlock this subject.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public LockoutUnlockDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LockoutUnlockDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a denied unlock.</summary>
    /// <param name="actor">Who tried.</param>
    /// <param name="subjectRole">The role of the locked subject.</param>
    public LockoutUnlockDeniedException(LockoutActor actor, OperatorRole subjectRole)
        : base($"A {actor.Role} may not unlock a {subjectRole}; only a higher role, an administrator or the system may.")
    {
        ActorRole = actor.Role;
        SubjectRole = subjectRole;
    }

    /// <summary>The role of the actor that was refused.</summary>
    public OperatorRole ActorRole { get; }

    /// <summary>The role of the subject that stays locked.</summary>
    public OperatorRole SubjectRole { get; }
}
