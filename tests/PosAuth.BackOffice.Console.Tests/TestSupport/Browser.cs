using Microsoft.Playwright;

namespace PosAuth.BackOffice.Console.Tests.TestSupport;

/// <summary>
/// Debian's Chromium (/usr/bin/chromium, from apt; Playwright never downloads a browser here) driven by Playwright, with
/// a fresh profile per browser, at 1280×800. A missing Chromium FAILS the test (install it with eng/test.sh).
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    /// <summary>/usr/bin/chromium, or POSAUTH_CHROMIUM (to prove that a missing browser fails the tests, not skips them).</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("POSAUTH_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly string _profile;

    private Browser(IPlaywright playwright, IBrowserContext context, string profile)
    {
        _playwright = playwright;
        Context = context;
        _profile = profile;
    }

    public IBrowserContext Context { get; }

    public static async Task<Browser> LaunchAsync(Uri baseAddress, string locale = "en-US")
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: the browser tests need Debian's Chromium (bash eng/test.sh installs it, or: apt-get install -y chromium fonts-wqy-microhei).");
        string profile = Path.Combine(Path.GetTempPath(), "posauth-chromium-" + Guid.NewGuid().ToString("N"));
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowserContext context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            BaseURL = baseAddress.ToString().TrimEnd('/'),
            Locale = locale,
            ColorScheme = ColorScheme.Light,
        });
        return new Browser(playwright, context, profile);
    }

    public async Task<IPage> NewPageAsync()
    {
        IPage page = Context.Pages.Count > 0 && Context.Pages[0].Url == "about:blank" ? Context.Pages[0] : await Context.NewPageAsync();
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        _playwright.Dispose();
        try
        {
            System.IO.Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a lock file for a moment: the OS cleans the temp folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
