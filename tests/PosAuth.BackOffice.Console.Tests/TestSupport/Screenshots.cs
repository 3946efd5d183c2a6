using Microsoft.Playwright;

namespace PosAuth.BackOffice.Console.Tests.TestSupport;

/// <summary>
/// Full-page screenshots at 1280×800 with deterministic names (<c>&lt;step&gt;.&lt;language&gt;.png</c>), written to
/// POSAUTH_SCREENSHOTS_DIR when set (eng/screenshots.sh sets it to docs/screenshots), else to a temporary folder.
/// </summary>
public sealed class Screenshots(IPage page, string language)
{
    private readonly string _directory = Environment.GetEnvironmentVariable("POSAUTH_SCREENSHOTS_DIR") is { Length: > 0 } d
        ? d
        : Path.Combine(Path.GetTempPath(), "posauth-console-screens");

    public async Task TakeAsync(string step)
    {
        System.IO.Directory.CreateDirectory(_directory);
        string path = Path.Combine(_directory, $"{step}.{language}.png");
        byte[] png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        Assert.True(png.Length > 1000);
    }
}
