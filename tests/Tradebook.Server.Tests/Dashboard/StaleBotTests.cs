using Microsoft.Playwright;
using Tradebook.Server.Tests.Support;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>
/// A bot that stops writing sends nothing, so the event stream has nothing to tell an open dashboard: its card went on
/// saying "Running" until the page was reloaded, the incident this project began with. The card now turns stale when
/// the server would say so, with no event and no reload.
/// </summary>
public sealed class StaleBotTests
{
    [Fact]
    public async Task a_bot_that_falls_silent_turns_stale_on_an_open_overview_without_a_reload()
    {
        await using var site = await QuietSite.StartAsync(RunningServer.Fast with { StaleAfter = TimeSpan.FromSeconds(3) });
        var (server, browser) = (site.Server, site.Browser);
        await server.AddBot("falls-silent");
        var fill = """{"id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:00Z"}""";
        var recorded = await server.PostJson("/api/v1/bots/falls-silent/fills", fill);
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());

        await using var page = await browser.OpenAsync(server.Address);
        await page.Page.GotoAsync("/");
        var card = page.Page.GetByTestId("bot-card").First;
        await Assertions.Expect(card).ToContainTextAsync("Running", new() { Timeout = 10_000 });
        var loads = 0;
        page.Page.FrameNavigated += (_, _) => loads++;

        await Assertions.Expect(card).ToContainTextAsync("Stale", new() { Timeout = 15_000 });
        Assert.Equal(0, loads);
        page.AssertNoErrors();
    }
}
