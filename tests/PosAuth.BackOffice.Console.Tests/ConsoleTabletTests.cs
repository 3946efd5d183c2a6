using Microsoft.Playwright;
using PosAuth.BackOffice.Console.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PosAuth.BackOffice.Console.Tests;

/// <summary>A 10-inch tablet held upright (800×1280 CSS pixels): no page scrolls sideways, every button is a touch target.</summary>
public sealed class ConsoleTabletTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task TabletPortrait_NoPageScrollsSideways_AndButtonsAreTouchSized(string language)
    {
        await using ConsoleServer server = await ConsoleServer.StartAsync();
        await using Browser browser = await Browser.LaunchAsync(server.BaseAddress, language == "zh-CN" ? "zh-CN" : "en-US");
        IPage page = await browser.NewPageAsync();
        await page.GotoAsync("/signin");
        await ConsoleWalkTests.SignInFirstTimeAsync(page, server, Texts.For(language), null);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sites$"));
        await page.FillAsync("#f-site", "S1");
        await page.FillAsync("#f-name", "Store 1");
        await page.ClickAsync("#create-site");
        await page.GotoAsync("/sites/S1/operators");
        await page.FillAsync("#f-operator", "1001");
        await page.FillAsync("#f-name", "一个很长的显示名称用于检查换行");
        await page.ClickAsync("#create-operator");
        await page.SetViewportSizeAsync(800, 1280);

        foreach (string path in new[] { "/sites", "/sites/S1", "/sites/S1/operators", "/lockouts", "/audit", "/offline-unlock", "/users" })
        {
            await page.GotoAsync(path);
            int width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 800, $"{path}: the page is {width}px wide on an 800px tablet");
            foreach (ILocator button in await page.Locator("main button, main input, main select").AllAsync())
            {
                if (await button.IsVisibleAsync() && await button.GetAttributeAsync("type") != "hidden")
                {
                    LocatorBoundingBoxResult box = (await button.BoundingBoxAsync())!;
                    Assert.True(box.Height >= 40, $"{path}: a control is {box.Height}px high");
                }
            }
        }
    }
}
