using System.Globalization;
using PosAuth.Hashing;

namespace PosAuth.Cli.Text;

/// <summary>
/// The words for the PIN-policy reason codes, in simplified Chinese and English. The codes
/// (<see cref="PinRejectionReason"/> member names) stay as they are, for scripts and <c>--json</c>.
/// </summary>
internal static class PinReasonTexts
{
    public static string Describe(PinRejectionReason reason, DisplayLanguage language, PinLengthRule lengths)
    {
        bool zh = language == DisplayLanguage.SimplifiedChinese;
        string range = lengths.MinLength == lengths.MaxLength
            ? lengths.MinLength.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{lengths.MinLength}-{lengths.MaxLength}");
        return reason switch
        {
            PinRejectionReason.TooShort => zh ? $"太短：此角色的密码为 {range} 位" : $"too short: this role's PIN has {range} digits",
            PinRejectionReason.TooLong => zh ? $"太长：此角色的密码为 {range} 位" : $"too long: this role's PIN has {range} digits",
            PinRejectionReason.NonDigit => zh ? "含有数字 0-9 以外的字符" : "contains something other than the digits 0-9",
            PinRejectionReason.AllSameDigit => zh ? "所有数字都相同（如 0000）" : "every digit is the same (0000)",
            PinRejectionReason.Sequence => zh ? "连续或等差的数字（如 1234、9876、13579）" : "digits in a run (1234, 9876, 13579)",
            PinRejectionReason.RepeatedBlock => zh ? "重复的数字组（如 1212、123123、112233）" : "a repeated block (1212, 123123, 112233)",
            PinRejectionReason.KeypadPattern => zh ? "密码键盘上的直线或图形（如 2580、147258）" : "a line or shape on the PIN pad (2580, 147258)",
            PinRejectionReason.YearLike => zh ? "像年份（如 1986、2008）" : "looks like a year (1986, 2008)",
            PinRejectionReason.DateLike => zh ? "像日期（如 0815、19900101）" : "looks like a date (0815, 19900101)",
            PinRejectionReason.CommonPin => zh ? "最常用的密码之一" : "one of the most common PINs",
            PinRejectionReason.EqualsOperatorId => zh ? "与操作员号相同" : "the same as the operator number",
            PinRejectionReason.EqualsTerminalId => zh ? "与终端号相同" : "the same as the terminal id",
            PinRejectionReason.EqualsFactoryDefault => zh ? "出厂默认密码，人人都知道" : "a factory-default PIN, which everyone knows",
            PinRejectionReason.ReusedPreviousPin => zh ? "与最近用过的密码相同" : "one of the PINs used recently",
            _ => ((int)reason).ToString(CultureInfo.InvariantCulture),
        };
    }
}
