using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace PosAuth.Sessions;

/// <summary>
/// The sign-in session state machine of one terminal: operator sign-in, host sign-in (签到),
/// idle and manual lock, unlock, host-demanded re-sign-in, day cut-over and session age, shift
/// handover, PIN change, sign-out (签退) and maintenance mode. Policy lives here, state in
/// <see cref="ISessionStore"/>.
/// </summary>
/// <remarks>
/// <para>Every operation returns a <see cref="SessionResult"/>. An expected refusal (wrong PIN, a PIN that must change
/// first, a role that may not act, a declined host sign-in) is a result with <see cref="SessionResult.Error"/>; a trigger
/// the state does not allow, a session not started and a concurrent writer are exceptions
/// (<see cref="SessionException"/>), checked before any PIN check or host exchange.</para>
/// <para>Every transition is checked against <see cref="TerminalSessionTransitions.Allowed"/>, saved
/// through <see cref="ISessionStore.TrySaveAsync"/> (compare-and-swap on <see cref="TerminalSession.Version"/>), handed to
/// every <see cref="ISessionTransitionSink"/> (the audit trail) and only then announced through <see cref="Transitioned"/>.</para>
/// <para>An operator whose PIN must change (<see cref="OperatorVerification.MustChangePin"/>) signs in to
/// <see cref="TerminalSessionState.PinChangeRequired"/>, where only <see cref="ChangePinAsync"/> and <see cref="SignOutAsync"/>
/// are possible; any other operation, and any PIN-gated operation (unlock, handover, maintenance) by an operator whose PIN
/// must change, is refused with <see cref="SessionErrorKind.PinChangeRequired"/>.</para>
/// <para>PINs are passed to <see cref="IOperatorVerifier"/> or <see cref="IOperatorPinChanger"/> only and never stored,
/// logged or put in results, events or exceptions. Operations on one manager are serialised. The day cut-over and the
/// maximum session age are evaluated at the start of every operation (and when the idle timer fires), on the wall clock
/// and, since a host sign-in made by this manager, on the monotonic clock too (whichever says expired first: setting the
/// clock back never extends a session); if due, a <see cref="SessionTrigger.RequireSignIn"/> transition is saved first.</para>
/// </remarks>
public sealed class TerminalSessionManager : IDisposable
{
    private readonly ISessionStore _store;
    private readonly IOperatorVerifier _verifier;
    private readonly IOperatorPinChanger _pinChanger;
    private readonly IHostSignOn _host;
    private readonly ISessionPermissionPolicy _permissions;
    private readonly ISessionTransitionSink[] _sinks;
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITimer? _idleTimer;
    private long _lastActivityTimestamp;
    private HostSignInClock? _hostSignInClock; // read and written under _gate only
    private TerminalSession? _current;
    private bool _disposed;

    /// <summary>Creates the manager of <paramref name="terminalId"/>. Call <see cref="RestoreOrStartAsync"/> at power on before anything else.</summary>
    /// <param name="terminalId">The terminal number.</param>
    /// <param name="store">Where snapshots are kept.</param>
    /// <param name="verifier">Checks operator PINs (the PosAuth core's authenticator, so lockout applies).</param>
    /// <param name="pinChanger">Changes the signed-in operator's PIN (the PosAuth core's PIN recovery service).</param>
    /// <param name="hostSignOn">The vendor's host sign-in/sign-out exchange.</param>
    /// <param name="options">The session policy; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="permissions">Who may enter maintenance; the UnionPay convention (the administrator) when <see langword="null"/>.</param>
    /// <param name="transitionSinks">Receive every saved transition (the audit trail); none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid (every error in one message).</exception>
    public TerminalSessionManager(
        string terminalId,
        ISessionStore store,
        IOperatorVerifier verifier,
        IOperatorPinChanger pinChanger,
        IHostSignOn hostSignOn,
        IOptions<SessionOptions> options,
        TimeProvider? timeProvider = null,
        ISessionPermissionPolicy? permissions = null,
        IEnumerable<ISessionTransitionSink>? transitionSinks = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(terminalId);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(pinChanger);
        ArgumentNullException.ThrowIfNull(hostSignOn);
        ArgumentNullException.ThrowIfNull(options);
        SessionOptionsValidator.ThrowIfInvalid(options.Value);

        TerminalId = terminalId;
        _store = store;
        _verifier = verifier;
        _pinChanger = pinChanger;
        _host = hostSignOn;
        _permissions = permissions ?? ConventionSessionPermissionPolicy.Instance;
        _sinks = transitionSinks?.ToArray() ?? [];
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _lastActivityTimestamp = _time.GetTimestamp();
        if (_options.UseIdleTimer && _options.IdleLockAfter is not null)
        {
            _idleTimer = _time.CreateTimer(static state => ((TerminalSessionManager)state!).OnIdleTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Raised after every transition, once the new snapshot is saved (outside the manager's lock, so
    /// a handler may call the manager). Exceptions from handlers reach the caller of the operation;
    /// on the idle-timer path they are swallowed.
    /// </summary>
    public event EventHandler<SessionTransitionedEventArgs>? Transitioned;

    /// <summary>The terminal number.</summary>
    public string TerminalId { get; }

    /// <summary>The last snapshot this manager read or saved, or <see langword="null"/> before <see cref="RestoreOrStartAsync"/>.</summary>
    public TerminalSession? Current => Volatile.Read(ref _current);

    /// <summary>
    /// Power on: starts a new session (<see cref="TerminalSessionState.AwaitingOperator"/>) or restores
    /// the stored one under <see cref="SessionOptions.RestorePolicy"/>. Batch number and shift counter
    /// always survive. Always saves a <see cref="SessionTrigger.PowerOn"/> transition.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The session after power on (<see cref="SessionResult.Trigger"/> is <see cref="SessionTrigger.PowerOn"/>).</returns>
    public ValueTask<SessionResult> RestoreOrStartAsync(CancellationToken cancellationToken = default) =>
        RunExclusiveAsync(async (events, ct) =>
        {
            TerminalSession? stored = await _store.GetAsync(TerminalId, ct).ConfigureAwait(false);
            Volatile.Write(ref _lastActivityTimestamp, _time.GetTimestamp());
            TerminalSession from = stored ?? new TerminalSession { TerminalId = TerminalId, State = TerminalSessionState.AwaitingOperator };
            TerminalSession next = stored is null ? from : SessionRestore.Restore(stored, _options.RestorePolicy);
            next = await CommitAsync(from, SessionTrigger.PowerOn, next, actor: null, events, ct).ConfigureAwait(false);
            next = await ApplyTimeRulesAsync(next, events, ct).ConfigureAwait(false);
            return Done(next, SessionTrigger.PowerOn);
        }, cancellationToken);

    /// <summary>Reads the stored session and applies a due day cut-over or session-age rule.</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The current session; <see cref="SessionResult.Trigger"/> is <see cref="SessionTrigger.RequireSignIn"/> when a rule was due.</returns>
    /// <exception cref="SessionNotStartedException">No session is stored.</exception>
    public ValueTask<SessionResult> CheckTimeRulesAsync(CancellationToken cancellationToken = default) =>
        RunAsync((s, events, _) => ValueTask.FromResult(Done(s, events.Count > 0 ? events[^1].Trigger : null)), cancellationToken);

    /// <summary>
    /// An operator signs in with number and PIN (<see cref="SessionTrigger.OperatorSignIn"/>). When the PIN must change,
    /// the session goes to <see cref="TerminalSessionState.PinChangeRequired"/> instead of
    /// <see cref="TerminalSessionState.OperatorSignedIn"/> (and <see cref="SessionResult.MustChangePin"/> is set).
    /// </summary>
    /// <param name="operatorId">The operator number (for example "01").</param>
    /// <param name="pin">The PIN as typed; passed to <see cref="IOperatorVerifier"/> only.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result; on a refused PIN (<see cref="SessionErrorKind.VerificationFailed"/>) or a malformed number
    /// (<see cref="SessionErrorKind.InvalidInput"/>) the session is unchanged.</returns>
    /// <exception cref="InvalidSessionTransitionException">Not allowed in the current state (checked before the PIN).</exception>
    public ValueTask<SessionResult> SignInOperatorAsync(string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken = default) =>
        RunVerifiedAsync(SessionTrigger.OperatorSignIn, operatorId, pin, (s, v, role) =>
        {
            DateTimeOffset now = _time.GetUtcNow();
            return Decision.To(s with
            {
                State = v.MustChangePin ? TerminalSessionState.PinChangeRequired : TerminalSessionState.OperatorSignedIn,
                OperatorId = operatorId,
                OperatorRole = role,
                OperatorSignedInAt = now,
                SessionStartedAt = now,
            });
        }, cancellationToken);

    /// <summary>
    /// The signed-in operator changes the PIN (<see cref="SessionTrigger.ChangePin"/>) through <see cref="IOperatorPinChanger"/>:
    /// the current PIN counts towards lockout, the new one goes through the PIN policy. A required change
    /// (<see cref="TerminalSessionState.PinChangeRequired"/>) leads to <see cref="TerminalSessionState.OperatorSignedIn"/>;
    /// elsewhere the state is kept.
    /// </summary>
    /// <param name="currentPin">The current PIN (it may be the factory, reset, temporary or one-time PIN).</param>
    /// <param name="newPin">The new PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result; on a refused change (<see cref="SessionErrorKind.PinChangeRejected"/>) the session is unchanged and
    /// <see cref="SessionResult.PinChange"/> says why.</returns>
    /// <exception cref="InvalidSessionTransitionException">No operator is signed in, or the terminal is locked or in maintenance.</exception>
    public ValueTask<SessionResult> ChangePinAsync(ReadOnlyMemory<char> currentPin, ReadOnlyMemory<char> newPin, CancellationToken cancellationToken = default) =>
        RunAsync(async (s, events, ct) =>
        {
            if (Gate(s, SessionTrigger.ChangePin) is { } refused)
            {
                return refused;
            }

            string operatorId = s.OperatorId ?? throw new InvalidOperationException($"Terminal {TerminalId}: the session in state {s.State} has no operator.");
            OperatorPinChangeResult change = await _pinChanger.ChangePinAsync(TerminalId, operatorId, currentPin, newPin, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The IOperatorPinChanger returned no result.");
            if (!change.Succeeded)
            {
                return Refuse(s, SessionErrorKind.PinChangeRejected) with { PinChange = change };
            }

            TerminalSession next = s.State == TerminalSessionState.PinChangeRequired ? s with { State = TerminalSessionState.OperatorSignedIn } : s;
            next = await CommitAsync(s, SessionTrigger.ChangePin, next, operatorId, events, ct).ConfigureAwait(false);
            return Done(next, SessionTrigger.ChangePin) with { PinChange = change };
        }, cancellationToken);

    /// <summary>
    /// Terminal sign-in to the host (签到, 0800/0810) for the signed-in operator, with the current
    /// batch number and shift. On success: <see cref="TerminalSessionState.Ready"/>, batch number from
    /// the host, batch open, time recorded. On failure (declined, no answer, or <see cref="IHostSignOn.SignOnAsync"/>
    /// threw — the exception is recorded as a failure with reason "Host sign-in exchange failed: &lt;exception type&gt;",
    /// never rethrown, except a cancellation): the session stays <see cref="TerminalSessionState.OperatorSignedIn"/> or
    /// <see cref="TerminalSessionState.SignInRequired"/> (from <see cref="TerminalSessionState.Ready"/> it becomes
    /// <see cref="TerminalSessionState.SignInRequired"/> with reason <see cref="SignInRequiredReason.HostSignInFailed"/>), with
    /// the response code and reason in the snapshot's <c>LastHost…</c> properties, and the result's
    /// <see cref="SessionErrorKind.HostSignInFailed"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation (a cancelled exchange changes nothing).</param>
    /// <returns>The result, with the host's answer in <see cref="SessionResult.HostSignOn"/>; refused with
    /// <see cref="SessionErrorKind.PinChangeRequired"/> while the operator must change the PIN (the host is not contacted).</returns>
    /// <exception cref="InvalidSessionTransitionException">Not allowed in the current state.</exception>
    public ValueTask<SessionResult> SignInTerminalAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async (s, events, ct) =>
        {
            if (Gate(s, SessionTrigger.HostSignIn) is { } refused)
            {
                return refused;
            }

            var request = new HostSignOnRequest(TerminalId, s.OperatorId ?? "", s.BatchNumber, s.ShiftNumber, _options.SignInNetworkManagementCode);
            HostSignOnResult result;
            try
            {
                result = await _host.SignOnAsync(request, ct).ConfigureAwait(false)
                    ?? HostSignOnResult.Failure(null, "The host sign-on returned no result.");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                result = HostSignOnResult.Failure(null, "Host sign-in exchange failed: " + ex.GetType().Name);
            }

            long timestamp = _time.GetTimestamp();
            DateTimeOffset now = _time.GetUtcNow();
            TerminalSession next;
            SessionTrigger trigger;
            if (result.Succeeded)
            {
                trigger = SessionTrigger.HostSignIn;
                next = s with
                {
                    State = TerminalSessionState.Ready,
                    BatchNumber = result.BatchNumber ?? s.BatchNumber,
                    BatchOpen = true,
                    HostSignedInAt = now,
                    SignInRequiredReason = SignInRequiredReason.None,
                    SignInRequiredResponseCode = null,
                };
            }
            else
            {
                trigger = SessionTrigger.HostSignInFailed;
                next = s.State == TerminalSessionState.Ready
                    ? s with { State = TerminalSessionState.SignInRequired, SignInRequiredReason = SignInRequiredReason.HostSignInFailed, SignInRequiredResponseCode = result.ResponseCode }
                    : s;
            }

            next = WithHostOutcome(next, result.Succeeded, result.ResponseCode, result.FailureReason, now);
            next = await CommitAsync(s, trigger, next, s.OperatorId, events, ct).ConfigureAwait(false);
            if (result.Succeeded)
            {
                _hostSignInClock = new HostSignInClock(now, timestamp);
                return Done(next, trigger) with { HostSignOn = result };
            }

            return Refuse(next, SessionErrorKind.HostSignInFailed) with { Trigger = trigger, HostSignOn = result };
        }, cancellationToken);

    /// <summary>Locks the terminal by hand (<see cref="SessionTrigger.Lock"/>).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The locked session; refused with <see cref="SessionErrorKind.PinChangeRequired"/> while the operator must change the PIN.</returns>
    /// <exception cref="InvalidSessionTransitionException">Not allowed in the current state.</exception>
    public ValueTask<SessionResult> LockAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async (s, events, ct) =>
        {
            if (Gate(s, SessionTrigger.Lock) is { } refused)
            {
                return refused;
            }

            TerminalSession next = s with { State = TerminalSessionState.Locked, StateBeforeLock = s.State };
            return Done(await CommitAsync(s, SessionTrigger.Lock, next, s.OperatorId, events, ct).ConfigureAwait(false), SessionTrigger.Lock);
        }, cancellationToken);

    /// <summary>
    /// Locks the terminal (<see cref="SessionTrigger.IdleTimeout"/>) when an operator session has been
    /// idle for <see cref="SessionOptions.IdleLockAfter"/> (measured on the monotonic clock since the
    /// last operation or <see cref="RecordActivity"/>). Does nothing in other states. The idle timer
    /// calls this by itself when <see cref="SessionOptions.UseIdleTimer"/> is on.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The session; <see cref="SessionResult.Trigger"/> is <see cref="SessionTrigger.IdleTimeout"/> when it was locked now, <see langword="null"/> otherwise.</returns>
    public ValueTask<SessionResult> CheckIdleAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async (s, events, ct) =>
        {
            if (!SessionTimeRules.IsIdleLockDue(s.State, _options.IdleLockAfter, _time.GetElapsedTime(Volatile.Read(ref _lastActivityTimestamp))))
            {
                ArmIdleTimer(s);
                return Done(s, null);
            }

            TerminalSession next = s with { State = TerminalSessionState.Locked, StateBeforeLock = s.State };
            return Done(await CommitAsync(s, SessionTrigger.IdleTimeout, next, actor: null, events, ct).ConfigureAwait(false), SessionTrigger.IdleTimeout);
        }, cancellationToken);

    /// <summary>
    /// Unlocks the terminal (<see cref="SessionTrigger.Unlock"/>) back to the state it was locked in.
    /// Permitted to the operator who is signed in, or to a supervisor or administrator ranking at
    /// least as high as that operator, whose PIN need not change.
    /// </summary>
    /// <param name="operatorId">Who unlocks.</param>
    /// <param name="pin">Their PIN (counts towards their lockout).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result; refused (the terminal stays locked) with <see cref="SessionErrorKind.VerificationFailed"/>,
    /// <see cref="SessionErrorKind.InvalidInput"/>, <see cref="SessionErrorKind.PinChangeRequired"/> or
    /// <see cref="SessionErrorKind.UnlockNotPermitted"/> (another ordinary operator, or a role below the signed-in one).</returns>
    /// <exception cref="InvalidSessionTransitionException">The terminal is not locked.</exception>
    public ValueTask<SessionResult> UnlockAsync(string operatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken = default) =>
        RunVerifiedAsync(SessionTrigger.Unlock, operatorId, pin, (s, v, role) =>
        {
            bool sameOperator = string.Equals(operatorId, s.OperatorId, StringComparison.Ordinal);
            bool higherAuthority = role.IsAtLeast(OperatorRole.Supervisor) && role.IsAtLeast(s.OperatorRole ?? OperatorRole.Operator);
            return sameOperator || higherAuthority
                ? Decision.To(s with { State = s.StateBeforeLock ?? TerminalSessionState.SignInRequired, StateBeforeLock = null })
                : Decision.Refuse(SessionErrorKind.UnlockNotPermitted);
        }, cancellationToken);

    /// <summary>
    /// Requires a new host sign-in (<see cref="SessionTrigger.RequireSignIn"/>): the hook for an
    /// error-code action <c>SignInAgain</c> (response 77, MAC/PIN-key errors, key expiry). Allowed in
    /// every state: an operator session goes to <see cref="TerminalSessionState.SignInRequired"/>; a
    /// locked terminal stays locked and returns to <see cref="TerminalSessionState.SignInRequired"/>
    /// when unlocked; maintenance likewise; without an operator, or while the operator must change the PIN,
    /// only the reason is recorded.
    /// </summary>
    /// <param name="reason">Why (not <see cref="SignInRequiredReason.None"/>).</param>
    /// <param name="responseCode">The host response code that caused it, if any.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The session after the transition (<see cref="SessionResult.Trigger"/> is <see cref="SessionTrigger.RequireSignIn"/>).</returns>
    public ValueTask<SessionResult> RequireSignInAsync(SignInRequiredReason reason, string? responseCode = null, CancellationToken cancellationToken = default)
    {
        if (reason == SignInRequiredReason.None || !Enum.IsDefined(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason), "A sign-in requirement needs a defined reason other than None.");
        }

        return RunAsync(
            async (s, events, ct) => Done(await ApplyRequireSignInAsync(s, reason, responseCode, events, ct).ConfigureAwait(false), SessionTrigger.RequireSignIn),
            cancellationToken);
    }

    /// <summary>
    /// Compares the batch number the host reported (for example in a settlement or transaction
    /// response) with the terminal's; on a mismatch requires a new sign-in with reason
    /// <see cref="SignInRequiredReason.BatchMismatch"/>.
    /// </summary>
    /// <param name="hostBatchNumber">The host's batch number (0 to 999999).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The session; <see cref="SessionResult.Trigger"/> is <see cref="SessionTrigger.RequireSignIn"/> on a mismatch, <see langword="null"/> when the numbers match.</returns>
    public ValueTask<SessionResult> ReportBatchAsync(int hostBatchNumber, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hostBatchNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hostBatchNumber, 999_999);
        return RunAsync(
            async (s, events, ct) => s.BatchNumber == hostBatchNumber
                ? Done(s, null)
                : Done(await ApplyRequireSignInAsync(s, SignInRequiredReason.BatchMismatch, null, events, ct).ConfigureAwait(false), SessionTrigger.RequireSignIn),
            cancellationToken);
    }

    /// <summary>
    /// Sign-out (签退, <see cref="SessionTrigger.SignOut"/>): when the host session is open
    /// (<see cref="TerminalSessionState.Ready"/>) sends the 0820 sign-off first through <see cref="IHostSignOn.SignOffAsync"/>;
    /// then closes the shift and batch locally, clears the operator and increments the shift counter. The local sign-out
    /// happens even when the host does not acknowledge or the exchange throws (the outcome is in
    /// <see cref="SessionResult.HostSignOff"/> and the snapshot's <c>LastHost…</c> properties). Also the way out of
    /// <see cref="TerminalSessionState.PinChangeRequired"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result (always succeeded locally).</returns>
    /// <exception cref="InvalidSessionTransitionException">Not allowed in the current state (for example locked).</exception>
    public ValueTask<SessionResult> SignOutAsync(CancellationToken cancellationToken = default) =>
        RunAsync(async (s, events, ct) =>
        {
            if (Gate(s, SessionTrigger.SignOut) is { } refused)
            {
                return refused;
            }

            HostSignOffResult? signOff = null;
            TerminalSession next = s;
            if (s.State == TerminalSessionState.Ready)
            {
                try
                {
                    signOff = await _host.SignOffAsync(new HostSignOffRequest(TerminalId, s.OperatorId ?? "", s.BatchNumber, s.ShiftNumber), ct).ConfigureAwait(false)
                        ?? new HostSignOffResult(false, null, "The host sign-off returned no result.");
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex)
                {
                    signOff = new HostSignOffResult(false, null, "Host sign-out exchange failed: " + ex.GetType().Name);
                }

                next = WithHostOutcome(next, signOff.Succeeded, signOff.ResponseCode, signOff.FailureReason, _time.GetUtcNow());
            }

            next = next with
            {
                State = TerminalSessionState.SignedOut,
                OperatorId = null,
                OperatorRole = null,
                OperatorSignedInAt = null,
                SessionStartedAt = null,
                BatchOpen = false,
                ShiftNumber = s.ShiftNumber + 1,
                SignInRequiredReason = SignInRequiredReason.None,
                SignInRequiredResponseCode = null,
            };
            next = await CommitAsync(s, SessionTrigger.SignOut, next, s.OperatorId, events, ct).ConfigureAwait(false);
            return Done(next, SessionTrigger.SignOut) with { HostSignOff = signOff };
        }, cancellationToken);

    /// <summary>
    /// Shift handover (<see cref="SessionTrigger.ShiftHandover"/>) without a terminal sign-out: the
    /// next operator signs in with PIN, the batch stays open, the shift number increments, the state
    /// is kept (<see cref="TerminalSessionState.Ready"/> or <see cref="TerminalSessionState.OperatorSignedIn"/>).
    /// An operator whose PIN must change cannot take over (<see cref="SessionErrorKind.PinChangeRequired"/>).
    /// </summary>
    /// <param name="newOperatorId">The operator taking over.</param>
    /// <param name="pin">Their PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result; on a refusal the session is unchanged.</returns>
    /// <exception cref="InvalidSessionTransitionException">Not allowed in the current state.</exception>
    public ValueTask<SessionResult> HandOverShiftAsync(string newOperatorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken = default) =>
        RunVerifiedAsync(SessionTrigger.ShiftHandover, newOperatorId, pin, (s, _, role) => Decision.To(s with
        {
            OperatorId = newOperatorId,
            OperatorRole = role,
            OperatorSignedInAt = _time.GetUtcNow(),
            ShiftNumber = s.ShiftNumber + 1,
        }), cancellationToken);

    /// <summary>
    /// Enters maintenance mode (系统维护中, <see cref="SessionTrigger.EnterMaintenance"/>): for an operator whose role has
    /// <see cref="SessionPermission.Maintenance"/> in the permission table (default: the administrator, 99) and whose PIN
    /// need not change.
    /// </summary>
    /// <param name="administratorId">The administrator's number (99).</param>
    /// <param name="pin">The administrator's PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result; on a refusal (<see cref="SessionErrorKind.MaintenanceNotPermitted"/>,
    /// <see cref="SessionErrorKind.PinChangeRequired"/>, <see cref="SessionErrorKind.VerificationFailed"/>…) the session is unchanged.</returns>
    /// <exception cref="InvalidSessionTransitionException">Not allowed in the current state.</exception>
    public ValueTask<SessionResult> EnterMaintenanceAsync(string administratorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken = default) =>
        MaintenanceAsync(administratorId, pin, enter: true, cancellationToken);

    /// <summary>Leaves maintenance mode (<see cref="SessionTrigger.ExitMaintenance"/>), back to the state before it; the same permission as entering.</summary>
    /// <param name="administratorId">The administrator's number (99).</param>
    /// <param name="pin">The administrator's PIN.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The result; on a refusal the session stays in maintenance.</returns>
    /// <exception cref="InvalidSessionTransitionException">Not in maintenance.</exception>
    public ValueTask<SessionResult> ExitMaintenanceAsync(string administratorId, ReadOnlyMemory<char> pin, CancellationToken cancellationToken = default) =>
        MaintenanceAsync(administratorId, pin, enter: false, cancellationToken);

    /// <summary>
    /// Records operator activity (a key press, a transaction) for the idle lock. Cheap and in memory
    /// only: the persisted <see cref="TerminalSession.LastActivityAt"/> is updated by the next transition.
    /// </summary>
    public void RecordActivity() => Volatile.Write(ref _lastActivityTimestamp, _time.GetTimestamp());

    /// <summary>Stops the idle timer.</summary>
    public void Dispose()
    {
        _disposed = true;
        _idleTimer?.Dispose();
    }

    private ValueTask<SessionResult> MaintenanceAsync(string administratorId, ReadOnlyMemory<char> pin, bool enter, CancellationToken cancellationToken) =>
        RunVerifiedAsync(enter ? SessionTrigger.EnterMaintenance : SessionTrigger.ExitMaintenance, administratorId, pin, (s, _, role) =>
        {
            if (!_permissions.IsGranted(role, SessionPermission.Maintenance))
            {
                return Decision.Refuse(SessionErrorKind.MaintenanceNotPermitted);
            }

            return Decision.To(enter
                ? s with { State = TerminalSessionState.Maintenance, StateBeforeMaintenance = s.State }
                : s with { State = s.StateBeforeMaintenance ?? TerminalSessionState.AwaitingOperator, StateBeforeMaintenance = null });
        }, cancellationToken);

    /// <summary>
    /// The one PIN-gated transition: checks the trigger is allowed (before the PIN), that the number is well formed,
    /// verifies the PIN, refuses an operator whose PIN must change (except into <see cref="TerminalSessionState.PinChangeRequired"/>
    /// by <see cref="SessionTrigger.OperatorSignIn"/>), then lets <paramref name="decide"/> commit or refuse, with
    /// <paramref name="operatorId"/> as actor. Every refusal leaves the session unchanged.
    /// </summary>
    private ValueTask<SessionResult> RunVerifiedAsync(
        SessionTrigger trigger,
        string operatorId,
        ReadOnlyMemory<char> pin,
        Func<TerminalSession, OperatorVerification, OperatorRole, Decision> decide,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operatorId);
        return RunAsync(async (s, events, ct) =>
        {
            if (Gate(s, trigger) is { } refused)
            {
                return refused;
            }

            if (!OperatorIds.IsWellFormed(operatorId))
            {
                return Refuse(s, SessionErrorKind.InvalidInput);
            }

            OperatorVerification v = await _verifier.VerifyAsync(TerminalId, operatorId, pin, ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The IOperatorVerifier returned no result.");
            if (!v.Succeeded || v.Role is not { } role)
            {
                return Refuse(s, SessionErrorKind.VerificationFailed) with { Verification = v };
            }

            if (v.MustChangePin && trigger != SessionTrigger.OperatorSignIn)
            {
                return Refuse(s, SessionErrorKind.PinChangeRequired) with { Verification = v };
            }

            Decision decision = decide(s, v, role);
            if (decision.Refusal is { } kind)
            {
                return Refuse(s, kind) with { Verification = v };
            }

            TerminalSession next = await CommitAsync(s, trigger, decision.Next!, operatorId, events, ct).ConfigureAwait(false);
            return Done(next, trigger) with { Verification = v };
        }, cancellationToken);
    }

    /// <summary>
    /// Whether <paramref name="trigger"/> may run in <paramref name="s"/>: <see langword="null"/> when the table allows it;
    /// a <see cref="SessionErrorKind.PinChangeRequired"/> refusal in <see cref="TerminalSessionState.PinChangeRequired"/>
    /// (the operator is signed in but may only change the PIN or sign out); otherwise it throws.
    /// </summary>
    private SessionResult? Gate(TerminalSession s, SessionTrigger trigger)
    {
        if (TerminalSessionTransitions.IsAllowed(s.State, trigger))
        {
            return null;
        }

        return s.State == TerminalSessionState.PinChangeRequired
            ? Refuse(s, SessionErrorKind.PinChangeRequired)
            : throw new InvalidSessionTransitionException(TerminalId, s.State, trigger);
    }

    private static SessionResult Done(TerminalSession s, SessionTrigger? trigger) => new() { Session = s, Trigger = trigger };

    private static SessionResult Refuse(TerminalSession s, SessionErrorKind kind) => new() { Session = s, Error = SessionError.Create(kind) };

    private ValueTask<T> RunAsync<T>(Func<TerminalSession, List<SessionTransitionedEventArgs>, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken) =>
        RunExclusiveAsync(
            async (events, ct) =>
            {
                TerminalSession s = await _store.GetAsync(TerminalId, ct).ConfigureAwait(false) ?? throw new SessionNotStartedException(TerminalId);
                Volatile.Write(ref _current, s);
                s = await ApplyTimeRulesAsync(s, events, ct).ConfigureAwait(false);
                return await body(s, events, ct).ConfigureAwait(false);
            },
            cancellationToken);

    private async ValueTask<T> RunExclusiveAsync<T>(Func<List<SessionTransitionedEventArgs>, CancellationToken, ValueTask<T>> body, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var events = new List<SessionTransitionedEventArgs>(2);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await body(events, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
            foreach (SessionTransitionedEventArgs e in events)
            {
                Transitioned?.Invoke(this, e);
            }
        }
    }

    private async ValueTask<TerminalSession> CommitAsync(
        TerminalSession from,
        SessionTrigger trigger,
        TerminalSession next,
        string? actor,
        List<SessionTransitionedEventArgs> events,
        CancellationToken ct)
    {
        if (!TerminalSessionTransitions.IsAllowed(from.State, trigger, next.State))
        {
            throw new InvalidSessionTransitionException(TerminalId, from.State, trigger, next.State);
        }

        using Activity? activity = SessionActivities.StartTransition(from, trigger, next);
        try
        {
            return await SaveAndRecordAsync(from, trigger, next, actor, events, ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SessionActivities.Fail(activity, ex);
            throw;
        }
    }

    private async ValueTask<TerminalSession> SaveAndRecordAsync(
        TerminalSession from,
        SessionTrigger trigger,
        TerminalSession next,
        string? actor,
        List<SessionTransitionedEventArgs> events,
        CancellationToken ct)
    {
        DateTimeOffset now = _time.GetUtcNow();
        next = next with
        {
            Version = from.Version + 1,
            LastTransitionAt = now,
            LastActivityAt = actor is null ? next.LastActivityAt : now,
        };
        if (!await _store.TrySaveAsync(next, from.Version, ct).ConfigureAwait(false))
        {
            throw new SessionConcurrencyException(TerminalId, from.Version);
        }

        if (actor is not null)
        {
            Volatile.Write(ref _lastActivityTimestamp, _time.GetTimestamp());
        }

        Volatile.Write(ref _current, next);
        ArmIdleTimer(next);
        var transition = new SessionTransitionedEventArgs(from.State, trigger, next, actor, now);
        events.Add(transition);

        // Saved: the record must follow whatever the caller's token says now.
        foreach (ISessionTransitionSink sink in _sinks)
        {
            await sink.OnTransitionedAsync(transition, CancellationToken.None).ConfigureAwait(false);
        }

        return next;
    }

    private ValueTask<TerminalSession> ApplyRequireSignInAsync(TerminalSession s, SignInRequiredReason reason, string? responseCode, List<SessionTransitionedEventArgs> events, CancellationToken ct)
    {
        TerminalSession next = s.State switch
        {
            TerminalSessionState.Locked => s with { StateBeforeLock = RequireSignInTarget(s.StateBeforeLock ?? TerminalSessionState.SignInRequired) },
            TerminalSessionState.Maintenance => s with { StateBeforeMaintenance = RequireSignInTarget(s.StateBeforeMaintenance ?? TerminalSessionState.AwaitingOperator) },
            _ => s with { State = RequireSignInTarget(s.State) },
        };
        next = next with { SignInRequiredReason = reason, SignInRequiredResponseCode = responseCode };
        return CommitAsync(s, SessionTrigger.RequireSignIn, next, actor: null, events, ct);
    }

    private async ValueTask<TerminalSession> ApplyTimeRulesAsync(TerminalSession s, List<SessionTransitionedEventArgs> events, CancellationToken ct)
    {
        SignInRequiredReason due = DueTimeRule(s);
        return due == SignInRequiredReason.None
            ? s
            : await ApplyRequireSignInAsync(s, due, null, events, ct).ConfigureAwait(false);
    }

    private SignInRequiredReason DueTimeRule(TerminalSession s) => SessionTimeRules.DueRule(
        s,
        _time.GetUtcNow(),
        _hostSignInClock is { } clock ? new SessionTimeRules.HostSignInElapsed(clock.At, _time.GetElapsedTime(clock.Timestamp)) : null,
        _options.DayCutOver,
        _options.MaxSessionAge,
        _time.LocalTimeZone);

    private static TerminalSessionState RequireSignInTarget(TerminalSessionState state) => state switch
    {
        TerminalSessionState.OperatorSignedIn or TerminalSessionState.Ready or TerminalSessionState.SignInRequired => TerminalSessionState.SignInRequired,
        _ => state,
    };

    private static TerminalSession WithHostOutcome(TerminalSession s, bool succeeded, string? responseCode, string? failureReason, DateTimeOffset at) => s with
    {
        LastHostSucceeded = succeeded,
        LastHostResponseCode = responseCode,
        LastHostFailureReason = succeeded ? null : failureReason,
        LastHostExchangeAt = at,
    };

    private void ArmIdleTimer(TerminalSession s)
    {
        if (_idleTimer is null || _options.IdleLockAfter is not { } idle || _disposed)
        {
            return;
        }

        if (SessionTimeRules.IsIdleLockable(s.State))
        {
            _idleTimer.Change(SessionTimeRules.UntilIdleLock(idle, _time.GetElapsedTime(Volatile.Read(ref _lastActivityTimestamp))), Timeout.InfiniteTimeSpan);
        }
        else
        {
            _idleTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnIdleTimer() => _ = OnIdleTimerAsync();

    private async Task OnIdleTimerAsync()
    {
        try
        {
            await CheckIdleAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Timer path: nobody to report to. The next operation reads the stored state again.
        }
    }

    /// <summary>What a PIN-gated operation decided after the PIN was verified: a next snapshot, or a refusal.</summary>
    private readonly record struct Decision(TerminalSession? Next, SessionErrorKind? Refusal)
    {
        public static Decision To(TerminalSession next) => new(next, null);

        public static Decision Refuse(SessionErrorKind kind) => new(null, kind);
    }

    /// <summary>The wall-clock instant of this manager's last host sign-in and the monotonic timestamp taken with it.</summary>
    private readonly record struct HostSignInClock(DateTimeOffset At, long Timestamp);
}
