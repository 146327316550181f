using Microsoft.Playwright;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>
/// Debian's Chromium, driven by Playwright: nothing is downloaded. ./test.sh installs the browser with
/// apt; a page records every console error and uncaught exception so that a test can require none.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Where screenshots go: beside the test results, not into the repository.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the tests through ./test.sh, which installs Debian's chromium");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new Browser(playwright, browser);
    }

    public async Task<WatchedPage> OpenAsync(Uri address, int width = 1366, int height = 900)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        return new WatchedPage(context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>A page and the errors it has shown.</summary>
public sealed class WatchedPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    public WatchedPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) => Errors.Add($"uncaught: {error}");
    }

    public IPage Page { get; }

    public List<string> Errors { get; } = [];

    public async Task Screenshot(string name)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.Artifacts, name + ".png"), FullPage = false });
    }

    public void AssertNoErrors() => Assert.True(Errors.Count == 0, "the browser reported: " + string.Join(" | ", Errors));

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
