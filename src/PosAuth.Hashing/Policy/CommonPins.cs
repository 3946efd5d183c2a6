namespace PosAuth.Hashing;

/// <summary>
/// The built-in blocklist of the most common PINs, for <see cref="PinRejectionReason.CommonPin"/>.
/// </summary>
/// <remarks>
/// Sources (the list is a blocklist compiled from the top entries these works report and the patterns they describe,
/// not a reproduction of their frequency tables):
/// <list type="bullet">
/// <item>Nick Berry, "PIN analysis", DataGenetics, 2012: 3.4 million 4-digit PINs from leaked password lists; 1234 about 11%,
/// 1111 about 6%, 0000 about 2%; then 1212, 7777, 1004, 2000, 4444, 2222, 6969, 9999, 3333, 5555, 6666, 1122, 1313, 8888, 4321, 2001, 1010;
/// keypad 2580 and years 19xx rank high.</item>
/// <item>J. Bonneau, S. Preibusch, R. Anderson, "A birthday present every eleven days? How people choose PINs", Financial Cryptography 2012:
/// dates (MMDD/DDMM, years) dominate; an attacker with 3 guesses and a blocklist-aware strategy still wins often.</item>
/// <item>D. Wang, Q. Gu, X. Huang, P. Wang, "Understanding human-chosen PINs: characteristics, distribution and security",
/// ACM AsiaCCS 2017: 4- and 6-digit PINs of Chinese and English users; Chinese users favour 6-digit repetitions and
/// keypad patterns (123456, 111111, 000000, 666666, 888888, 123123, 112233, 147258, 159357, 123321, 654321) and numbers
/// with a meaning: 520 (我爱你, "I love you"), 1314 (一生一世, "all my life"), 5201314, 168 (一路发, "prosperity all the way"),
/// lucky 6 and 8.</item>
/// </list>
/// </remarks>
internal static class CommonPins
{
    private static readonly HashSet<string> Set = new(
    [
        // 4 digits: DataGenetics / Bonneau et al. top entries.
        "1234", "1111", "0000", "1212", "7777", "1004", "2000", "4444", "2222", "6969",
        "9999", "3333", "5555", "6666", "1122", "1313", "8888", "4321", "2001", "1010",
        "2580", "0852", "0123", "6789", "9876", "1357", "2468", "7410", "1478",
        "1379", "1397",
        // 4 digits: Chinese love / lucky numbers (Wang et al. 2017).
        "5201", "1314", "5200", "1688", "6688", "8866",
        // 6 digits.
        "123456", "111111", "000000", "123123", "666666", "888888", "112233", "121212", "123321", "654321",
        "147258", "159357", "147369", "258369", "789456", "987654", "123654", "741852", "963852", "159753",
        "555555", "999999", "222222", "333333", "444444", "777777", "101010", "111222", "100200", "110110",
        "520520", "521521", "520521", "520131", "201314", "131420", "131452", "521314", "520000",
        "168168", "168888", "666888", "888666", "518518", "886688", "668899", "123789", "112358",
        "121314", "202020", "123000", "100000", "012345", "098765", "696969", "456789", "246810", "135790",
        // 7-8 digits.
        "5201314", "1314520", "8675309", "1234567",
        "12345678", "11111111", "00000000", "88888888", "87654321", "12341234", "11223344", "12121212",
        "66666666", "13145200", "52013140", "52013141", "12344321", "11112222", "12369874", "14789632",
    ], StringComparer.Ordinal);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Set.GetAlternateLookup<ReadOnlySpan<char>>();

    public static int Count => Set.Count;

    public static bool Contains(ReadOnlySpan<char> pin) => Lookup.Contains(pin);
}
