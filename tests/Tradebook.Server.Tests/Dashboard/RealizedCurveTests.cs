using Microsoft.Playwright;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>
/// A bot without equity snapshots (a history an import brought, a bot that never sends one) still shows how it went:
/// its page draws its realized P&amp;L added up day by day, and the equity curve takes its place once a snapshot comes.
/// Before, the panel said only "No equity snapshots yet".
/// </summary>
public sealed class RealizedCurveTests
{
    [Fact]
    public async Task a_bot_without_snapshots_shows_its_realized_pnl_by_day_until_its_first_snapshot()
    {
        await using var site = await QuietSite.StartAsync();
        var server = site.Server;
        Assert.True((await server.PostJson("/api/v1/bots", """{"name":"legacy","mode":"live"}""")).IsSuccessStatusCode);
        var fills = await server.PostJson("/api/v1/bots/legacy/fills", """
            [{"id":"1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-11-01T10:00:00Z"},
             {"id":"2","symbol":"BTC/USDT","side":"sell","qty":"1","price":"110","ts":"2026-11-01T12:00:00Z"},
             {"id":"3","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-11-03T10:00:00Z"},
             {"id":"4","symbol":"BTC/USDT","side":"sell","qty":"1","price":"95","ts":"2026-11-03T12:00:00Z"}]
            """);
        Assert.True(fills.IsSuccessStatusCode, await fills.Content.ReadAsStringAsync());

        await using var page = await site.Browser.OpenAsync(server.Address);
        await page.Page.GotoAsync("/#/bots/legacy");
        var panel = page.Page.GetByTestId("equity-chart").Locator("..");
        await Assertions.Expect(panel).ToContainTextAsync("the line is the bot's realized P&L, added up day by day", new() { Timeout = 10_000 });
        await Assertions.Expect(panel.Locator(".u-legend")).ToContainTextAsync("Realized P&L");
        Assert.Equal(1, await panel.Locator("canvas").CountAsync());

        // The last point is the sum of both days: +10, then -5.
        var chart = page.Page.GetByTestId("equity-chart").Locator(".u-over");
        var box = await chart.BoundingBoxAsync();
        Assert.NotNull(box);
        await chart.HoverAsync(new() { Position = new() { X = box.Width - 1, Y = box.Height / 2 } });
        await Assertions.Expect(panel.Locator(".u-legend")).ToContainTextAsync("+5.00");

        var snapshot = await server.PostJson("/api/v1/bots/legacy/snapshots", """{"ts":"2026-11-04T00:00:00Z","equity":"1005","currency":"USDT"}""");
        Assert.True(snapshot.IsSuccessStatusCode, await snapshot.Content.ReadAsStringAsync());
        await Assertions.Expect(panel.Locator(".u-legend").First).ToContainTextAsync("Equity", new() { Timeout = 10_000 });
        await Assertions.Expect(panel).Not.ToContainTextAsync("realized P&L, added up day by day");
        page.AssertNoErrors();
    }
}
