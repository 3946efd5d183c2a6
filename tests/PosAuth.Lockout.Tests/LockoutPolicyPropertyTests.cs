using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PosAuth.Lockout.Tests.TestSupport;

namespace PosAuth.Lockout.Tests;

/// <summary>
/// For any sequence of right and wrong attempts, real time passing, wall-clock jumps either way and power
/// cycles, the policy never lets more verifications through than it promises.
/// </summary>
public sealed class LockoutPolicyPropertyTests
{
    private const int MaxTemporaryLockouts = 2;
    private static readonly TimeSpan Increment = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(30);

    private static readonly Gen<Scenario> Scenarios =
        from max in Gen.Choose(1, 6)
        from mode in Gen.Elements(LockoutMode.Temporary, LockoutMode.Permanent, LockoutMode.PermanentAfterTemporary)
        from growth in Gen.Elements(WaitGrowth.Multiplied, WaitGrowth.Linear)
        from role in Gen.Elements(OperatorRole.Operator, OperatorRole.Supervisor, OperatorRole.Administrator)
        from ops in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, 9), Gen.Choose(0, 400)))
        select new Scenario(max, mode, growth, role, ops);

    [Property]
    public Property AnySequence_WithForwardClockCreditDisabled_NoVerificationBeforeTheRealWaitHasPassed() =>
        Prop.ForAll(Scenarios.ToArbitrary(), s => Run(s, maxForwardCredit: TimeSpan.Zero, checkRealTime: true));

    [Property]
    public Property AnySequence_WithDefaultOptions_VerificationsBetweenSuccessesNeverExceedThePolicy() =>
        Prop.ForAll(Scenarios.ToArbitrary(), s => Run(s, maxForwardCredit: null, checkRealTime: false));

    private static bool Run(Scenario sc, TimeSpan? maxForwardCredit, bool checkRealTime)
    {
        var h = new PolicyHarness(o =>
        {
            o.MaxFailures = sc.MaxFailures;
            o.Mode = sc.Mode;
            o.WaitGrowth = sc.Growth;
            o.WaitIncrement = Increment;
            o.MaxWait = MaxWait;
            o.MaxTemporaryLockouts = MaxTemporaryLockouts;
            o.FailureResetWindow = TimeSpan.FromDays(36_500); // no forgetting within a scenario
            o.MaxForwardClockCredit = maxForwardCredit;
            o.TerminalThrottle.Enabled = false;
        });
        var subject = new LockoutSubject("T0001", "07", sc.Role);
        LockoutMode mode = sc.Role == OperatorRole.Administrator ? LockoutMode.Temporary : sc.Mode;
        int limit = mode switch
        {
            LockoutMode.Permanent => sc.MaxFailures,
            LockoutMode.PermanentAfterTemporary => sc.MaxFailures + MaxTemporaryLockouts,
            _ => int.MaxValue,
        };

        int consecutive = 0;
        bool permanent = false;
        TimeSpan real = TimeSpan.Zero;
        TimeSpan lockEndsAtReal = TimeSpan.Zero;
        foreach ((int kind, int arg) in sc.Ops)
        {
            switch (kind)
            {
                case <= 4:
                    AttemptCharge charge = Sync.Completed(h.Policy.TryChargeAsync(subject, default));
                    if (!Consistent(charge.Status))
                    {
                        return false;
                    }

                    if (!charge.IsAllowed)
                    {
                        if (!charge.Status.IsLocked)
                        {
                            return false;
                        }

                        break;
                    }

                    if (permanent || (checkRealTime && real < lockEndsAtReal))
                    {
                        return false; // a verification while the lock should hold
                    }

                    consecutive++;
                    if (consecutive > limit)
                    {
                        return false; // more verifications between successes than the policy allows
                    }

                    if (kind == 4)
                    {
                        LockoutStatus ok = Sync.Completed(h.Policy.RegisterSuccessAsync(charge, default));
                        consecutive = 0;
                        lockEndsAtReal = TimeSpan.Zero;
                        if (ok.State != LockoutState.Allowed || ok.RemainingAttempts != sc.MaxFailures)
                        {
                            return false;
                        }

                        break;
                    }

                    LockoutStatus status = Sync.Completed(h.Policy.RegisterFailureAsync(charge, default));
                    if (!Consistent(status) || !MatchesPolicy(status, consecutive, sc, mode, h))
                    {
                        return false;
                    }

                    permanent = status.State == LockoutState.LockedPermanently;
                    if (status.State == LockoutState.LockedTemporarily)
                    {
                        lockEndsAtReal = real + h.RemainingWait(status)!.Value;
                    }

                    break;
                case 5 or 6:
                    TimeSpan step = TimeSpan.FromMinutes(arg % 31);
                    h.Time.Advance(step);
                    real += step;
                    break;
                case 7:
                    h.Time.JumpWallClock(-TimeSpan.FromHours(arg));
                    break;
                case 8:
                    h.Time.JumpWallClock(TimeSpan.FromHours(arg));
                    break;
                default:
                    h.PowerCycle();
                    break;
            }
        }

        return true;
    }

    private static bool Consistent(LockoutStatus status) =>
        status.RemainingAttempts >= 0
        && (status.IsLocked ? status.RemainingAttempts == 0 : status.RemainingAttempts >= 1)
        && status.FailureCount >= 0;

    private static bool MatchesPolicy(LockoutStatus status, int n, Scenario sc, LockoutMode mode, PolicyHarness h)
    {
        if (n < sc.MaxFailures)
        {
            return status.State == LockoutState.Allowed && status.RemainingAttempts == sc.MaxFailures - n;
        }

        bool expectPermanent = mode == LockoutMode.Permanent
            || (mode == LockoutMode.PermanentAfterTemporary && n > sc.MaxFailures + MaxTemporaryLockouts - 1);
        if (expectPermanent)
        {
            return status.State == LockoutState.LockedPermanently;
        }

        long units = sc.Growth == WaitGrowth.Linear ? 1 + n - sc.MaxFailures : n / sc.MaxFailures;
        TimeSpan expected = TimeSpan.FromTicks(Math.Min(Increment.Ticks * units, MaxWait.Ticks));
        return status.State == LockoutState.LockedTemporarily && h.RemainingWait(status) == expected;
    }

    public sealed record Scenario(int MaxFailures, LockoutMode Mode, WaitGrowth Growth, OperatorRole Role, (int Kind, int Arg)[] Ops)
    {
        public override string ToString() =>
            $"max={MaxFailures} mode={Mode} growth={Growth} role={Role} ops=[{string.Join(", ", Ops.Select(o => $"{o.Kind}:{o.Arg}"))}]";
    }
}
