using System.Globalization;

namespace PosAuth.InvariantGlobalization.Tests;

/// <summary>
/// The core's result descriptions (recovery, operator management, supervisor authorisation, sign-in) in Simplified
/// Chinese under <c>InvariantGlobalization</c>: an explicit <see cref="DisplayLanguage"/>, no culture data needed.
/// </summary>
public sealed class CoreDescriptionTests
{
    private static bool IsChinese(string text) => text.Any(c => c is >= '\u4e00' and <= '\u9fff');

    [Fact]
    public void EveryRecoveryError_HasAChineseDescription_DifferentFromTheEnglishOne()
    {
        foreach (RecoveryErrorKind kind in Enum.GetValues<RecoveryErrorKind>())
        {
            RecoveryError error = RecoveryError.Create(kind);
            string zh = error.GetDescription(DisplayLanguage.SimplifiedChinese);

            Assert.True(IsChinese(zh), $"{kind}: '{zh}'");
            Assert.Equal(error.Description, error.GetDescription(DisplayLanguage.English));
            Assert.Equal(error.Description, error.GetDescription(CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void EveryOperatorManagementError_HasAChineseDescription()
    {
        foreach (OperatorManagementErrorKind kind in Enum.GetValues<OperatorManagementErrorKind>())
        {
            OperatorManagementError error = OperatorManagementError.Create(kind);

            Assert.True(IsChinese(error.GetDescription(DisplayLanguage.SimplifiedChinese)), kind.ToString());
            Assert.Equal(error.Description, error.GetDescription(DisplayLanguage.English));
        }
    }

    [Fact]
    public void EveryAuthorizationOutcome_HasAChineseDescription()
    {
        foreach (AuthorizationOutcome outcome in Enum.GetValues<AuthorizationOutcome>())
        {
            var result = new AuthorizationResult { Outcome = outcome };

            Assert.True(IsChinese(result.GetDescription(DisplayLanguage.SimplifiedChinese)), outcome.ToString());
            Assert.Equal(result.Description, result.GetDescription(DisplayLanguage.English));
        }
    }

    [Fact]
    public void AWrongPin_SaysHowManyAttemptsAreLeft_InChinese()
    {
        var result = new AuthenticationResult { Outcome = AuthenticationOutcome.WrongPin, RemainingAttempts = 2 };

        Assert.Contains("还可尝试 2 次", result.GetDescription(DisplayLanguage.SimplifiedChinese), StringComparison.Ordinal);
        Assert.Contains("2", result.GetDescription(DisplayLanguage.English), StringComparison.Ordinal);
        foreach (AuthenticationOutcome outcome in Enum.GetValues<AuthenticationOutcome>())
        {
            Assert.True(IsChinese(new AuthenticationResult { Outcome = outcome }.GetDescription(DisplayLanguage.SimplifiedChinese)), outcome.ToString());
        }
    }
}
