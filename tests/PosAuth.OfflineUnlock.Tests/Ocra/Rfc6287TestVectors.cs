namespace PosAuth.OfflineUnlock.Tests.Ocra;

/// <summary>
/// Every test vector of RFC 6287 Appendix C (C.1 one-way, C.2 mutual, C.3 signature), written the way the RFC
/// writes them and the way <c>posauth unlock-response</c> takes them: key, PIN hash and time in hexadecimal,
/// counter in decimal, challenge in the suite's own format. Empty string = the suite does not use the field.
/// </summary>
public static class Rfc6287TestVectors
{
    /// <summary>"Standard 20Byte" key: ASCII "12345678901234567890".</summary>
    public const string Key20 = "3132333435363738393031323334353637383930";

    /// <summary>"Standard 32Byte" key: ASCII "12345678901234567890123456789012".</summary>
    public const string Key32 = "3132333435363738393031323334353637383930313233343536373839303132";

    /// <summary>"Standard 64Byte" key: ASCII "1234567890" x 6 + "1234".</summary>
    public const string Key64 =
        "31323334353637383930313233343536373839303132333435363738393031323334353637383930" +
        "313233343536373839303132333435363738393031323334";

    /// <summary>SHA-1 of the PIN "1234", the RFC's PIN hash.</summary>
    public const string PinHash1234Sha1 = "7110eda4d09e062aa5e4a390b0a572ac0d2c0220";

    /// <summary>The RFC's timestamp for T1M: 0x132d0b6 minutes = 2008-03-25 12:06 UTC.</summary>
    public const string TimeT1M = "132d0b6";

    /// <summary>Rows: suite, key (hex), counter (decimal), challenge, PIN hash (hex), time (hex), expected response.</summary>
    public static TheoryData<string, string, string, string, string, string, string> All
    {
        get
        {
            var rows = new TheoryData<string, string, string, string, string, string, string>();

            // C.1 One-way challenge-response.
            string[] c1a = ["237653", "243178", "653583", "740991", "608993", "388898", "816933", "224598", "750600", "294470"];
            for (int i = 0; i < 10; i++)
            {
                rows.Add("OCRA-1:HOTP-SHA1-6:QN08", Key20, "", Repeat(i, 8), "", "", c1a[i]);
            }

            string[] c1b = ["65347737", "86775851", "78192410", "71565254", "10104329", "65983500", "70069104", "91771096", "75011558", "08522129"];
            for (int i = 0; i < 10; i++)
            {
                rows.Add("OCRA-1:HOTP-SHA256-8:C-QN08-PSHA1", Key32, i.ToString(System.Globalization.CultureInfo.InvariantCulture), "12345678", PinHash1234Sha1, "", c1b[i]);
            }

            string[] c1c = ["83238735", "01501458", "17957585", "86776967", "86807031"];
            for (int i = 0; i < 5; i++)
            {
                rows.Add("OCRA-1:HOTP-SHA256-8:QN08-PSHA1", Key32, "", Repeat(i, 8), PinHash1234Sha1, "", c1c[i]);
            }

            string[] c1d = ["07016083", "63947962", "70123924", "25341727", "33203315", "34205738", "44343969", "51946085", "20403879", "31409299"];
            for (int i = 0; i < 10; i++)
            {
                rows.Add("OCRA-1:HOTP-SHA512-8:C-QN08", Key64, i.ToString(System.Globalization.CultureInfo.InvariantCulture), Repeat(i, 8), "", "", c1d[i]);
            }

            string[] c1e = ["95209754", "55907591", "22048402", "24218844", "36209546"];
            for (int i = 0; i < 5; i++)
            {
                rows.Add("OCRA-1:HOTP-SHA512-8:QN08-T1M", Key64, "", Repeat(i, 8), "", TimeT1M, c1e[i]);
            }

            // C.2 Mutual challenge-response: server computes over QC|QS, client over QS|QC.
            string[] c2a = ["28247970", "01984843", "65387857", "03351211", "83412541"];
            string[] c2b = ["15510767", "90175646", "33777207", "95285278", "28934924"];
            string[] c2c = ["79496648", "76831980", "12250499", "90856481", "12761449"];
            string[] c2d = ["18806276", "70020315", "01600026", "18951020", "32528969"];
            for (int i = 0; i < 5; i++)
            {
                string cli = $"CLI2222{i}";
                string srv = $"SRV1111{i}";
                rows.Add("OCRA-1:HOTP-SHA256-8:QA08", Key32, "", cli + srv, "", "", c2a[i]);
                rows.Add("OCRA-1:HOTP-SHA256-8:QA08", Key32, "", srv + cli, "", "", c2b[i]);
                rows.Add("OCRA-1:HOTP-SHA512-8:QA08", Key64, "", cli + srv, "", "", c2c[i]);
                rows.Add("OCRA-1:HOTP-SHA512-8:QA08-PSHA1", Key64, "", srv + cli, PinHash1234Sha1, "", c2d[i]);
            }

            // C.3 Plain signature.
            string[] c3a = ["53095496", "04110475", "31331128", "76028668", "46554205"];
            string[] c3b = ["77537423", "31970405", "10235557", "95213541", "65360607"];
            for (int i = 0; i < 5; i++)
            {
                rows.Add("OCRA-1:HOTP-SHA256-8:QA08", Key32, "", $"SIG1{i}000", "", "", c3a[i]);
                rows.Add("OCRA-1:HOTP-SHA512-8:QA10-T1M", Key64, "", $"SIG1{i}00000", "", TimeT1M, c3b[i]);
            }

            return rows;
        }
    }

    private static string Repeat(int digit, int count) => new((char)('0' + digit), count);
}
