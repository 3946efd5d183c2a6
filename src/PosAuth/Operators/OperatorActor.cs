
namespace PosAuth;

/// <summary>
/// The signed-in operator performing a management operation. Obtain it from a successful
/// <see cref="AuthenticationResult"/> with <see cref="From(AuthenticationResult)"/>.
/// </summary>
/// <remarks>
/// An actor is a plain value, not a proof: <see cref="IOperatorManager"/> reads the actor's account again on every
/// call and refuses an actor whose account is missing, disabled, of another role than <see cref="Role"/>, or still
/// has to change its PIN (<see cref="OperatorManagementErrorKind.PinChangeRequired"/>), whatever the actor claims.
/// </remarks>
/// <param name="OperatorId">The acting operator's number.</param>
/// <param name="Role">The acting operator's role.</param>
public readonly record struct OperatorActor(string OperatorId, OperatorRole Role)
{
    /// <summary>The actor of a successful sign-in.</summary>
    /// <param name="result">A successful authentication result.</param>
    /// <returns>The actor.</returns>
    /// <exception cref="ArgumentException">The result is not a success.</exception>
    public static OperatorActor From(AuthenticationResult result)
    {
        if (!result.Succeeded || result.OperatorId is null || result.Role is null)
        {
            throw new ArgumentException("Only a successful sign-in identifies an actor.", nameof(result));
        }

        return new OperatorActor(result.OperatorId, result.Role.Value);
    }
}
