using PosAuth.Sessions;

namespace PosAuth;

/// <summary>
/// The <see cref="IHostSignOn"/> of a host that signs no terminal in to an acquirer (a back office, a provisioning
/// service): every sign-on is refused, so a terminal session created there by mistake never reaches <c>SignedIn</c>.
/// </summary>
internal sealed class NoHostSignOn : IHostSignOn
{
    internal const string Reason = "This PosAuth host signs no terminal in to an acquirer host (WithoutHostSignOn).";

    public ValueTask<HostSignOnResult> SignOnAsync(HostSignOnRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(HostSignOnResult.Failure(null, Reason));

    public ValueTask<HostSignOffResult> SignOffAsync(HostSignOffRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new HostSignOffResult(false, null, Reason));
}
