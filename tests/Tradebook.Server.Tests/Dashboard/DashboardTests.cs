using System.Globalization;
using Microsoft.Playwright;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>The dashboard in a real browser, on a server where the demo's bots are trading.</summary>
public sealed class SqliteDashboardTests(SqliteDemoSite site) : IClassFixture<SqliteDemoSite>
{
    [Fact]
    public async Task the_overview_shows_a_card_for_each_demo_bot_and_is_saved_as_a_screenshot()
    {
        await using var page = await site.Browser.OpenAsync(site.Server.Address);
        await page.Page.GotoAsync("/");

        foreach (var bot in DemoSite.DemoBots)
        {
            await Assertions.Expect(page.Page.Locator($"[data-testid=bot-card][data-bot='{bot}'] [data-testid=card-status]")).ToHaveAttributeAsync("data-status", "running", new() { Timeout = 10_000 });
        }

        await Assertions.Expect(page.Page.GetByTestId("stream-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        await page.Page.WaitForTimeoutAsync(1500);
        await page.Screenshot("overview");
        if (Environment.GetEnvironmentVariable("TRADEBOOK_SCREENSHOT_TO") is { Length: > 0 } docs)
        {
            File.Copy(Path.Combine(Browser.Artifacts, "overview.png"), docs, overwrite: true);
        }

        page.AssertNoErrors();
    }

    [Fact]
    public async Task a_fill_recorded_through_the_api_changes_its_card_within_two_seconds_without_a_reload()
    {
        await DashboardChecks.CardFollowsTheApi(site);
    }

    [Fact]
    public async Task a_bot_whose_fills_have_no_price_is_flagged_and_shows_unknown_pnl_never_0()
    {
        var bot = $"unpriced-{Guid.NewGuid():N}"[..16];
        await site.Server.AddBot(bot);
        await site.Server.PostJson($"/api/v1/bots/{bot}/fills", """{"id":"b","symbol":"PEPE/USDT","side":"buy","qty":"1000000","price":"0","ts":"2026-12-01T10:00:00Z"}""");
        await site.Server.PostJson($"/api/v1/bots/{bot}/fills", """{"id":"s","symbol":"PEPE/USDT","side":"sell","qty":"1000000","price":"0","ts":"2026-12-01T11:00:00Z"}""");
        await using var page = await site.Browser.OpenAsync(site.Server.Address);
        await page.Page.GotoAsync("/");

        var card = page.Page.Locator($"[data-testid=bot-card][data-bot='{bot}']");
        await Assertions.Expect(card.GetByTestId("card-flag")).ToHaveTextAsync("P&L unknown", new() { Timeout = 10_000 });
        await Assertions.Expect(card.GetByTestId("card-realized")).ToHaveTextAsync("unknown");
        await Assertions.Expect(card.GetByTestId("card-unrealized")).ToHaveTextAsync("unknown");

        await page.Page.GotoAsync($"/#/bots/{bot}");
        await Assertions.Expect(page.Page.Locator(".kpi", new() { HasText = "Realized P&L" }).First).ToContainTextAsync("unknown", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Page.Locator(".warnings li", new() { HasText = "2 fills at price 0" })).ToBeVisibleAsync();
        page.AssertNoErrors();
        await DashboardChecks.Archive(site, bot);
    }

    [Fact]
    public async Task a_round_trip_and_a_decision_whose_fills_have_no_price_show_unknown_pnl_and_fees_never_0()
    {
        var bot = $"unpriced-{Guid.NewGuid():N}"[..16];
        await site.Server.AddBot(bot);
        await site.Server.PostJson($"/api/v1/bots/{bot}/fills", """{"id":"b","symbol":"PEPE/USDT","side":"buy","qty":"1000000","price":"0","ts":"2026-12-01T10:00:00Z"}""");
        await site.Server.PostJson($"/api/v1/bots/{bot}/turns", """
            {"decision":{"id":"d","ts":"2026-12-01T11:00:00Z","decision":{"action":"sell"}},
             "orders":[{"id":"o","symbol":"PEPE/USDT","side":"sell","qty":"1000000","ts":"2026-12-01T11:00:00Z","decision_id":"d"}],
             "fills":[{"id":"s","symbol":"PEPE/USDT","side":"sell","qty":"1000000","price":"0","ts":"2026-12-01T11:00:00Z","order_id":"o"}]}
            """);
        await using var page = await site.Browser.OpenAsync(site.Server.Address);
        await page.Page.GotoAsync($"/#/bots/{bot}");

        // The round trip's row: realized P&L and fees are the word, not a number.
        var row = page.Page.GetByTestId("round-trips-table").Locator("tbody tr").First;
        await Assertions.Expect(row.Locator("td").Nth(7)).ToHaveTextAsync("unknown", new() { Timeout = 10_000 });
        await Assertions.Expect(row.Locator("td").Nth(8)).ToHaveTextAsync("unknown");

        // Its detail, and the trace of the decision behind its closing fill.
        await row.ClickAsync();
        var detail = page.Page.Locator("tr.detail");
        await Assertions.Expect(detail.Locator(".facts span", new() { HasText = "Realized" })).ToHaveTextAsync("Realized unknown", new() { Timeout = 10_000 });
        await Assertions.Expect(detail.Locator(".facts span", new() { HasText = "Fees" })).ToHaveTextAsync("Fees unknown");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Trace →" }).ClickAsync();
        await Assertions.Expect(page.Page.Locator(".trace-step.realized .kpi")).ToHaveTextAsync("unknown", new() { Timeout = 10_000 });
        page.AssertNoErrors();
        await DashboardChecks.Archive(site, bot);
    }

    [Fact]
    public async Task a_bot_page_lists_its_cash_flows_and_a_new_one_appears_without_a_reload()
    {
        var bot = $"cash-{Guid.NewGuid():N}"[..16];
        await site.Server.AddBot(bot);
        await site.Server.PostJson($"/api/v1/bots/{bot}/fills", """{"id":"b","symbol":"ETH/USDT","side":"buy","qty":"1","price":"3000","ts":"2026-12-01T10:00:00Z"}""");
        await site.Server.PostJson($"/api/v1/bots/{bot}/cash-flows", """
            [{"id":"dep","type":"deposit","amount":"5000","currency":"USDT","ts":"2026-12-01T09:00:00Z"},
             {"id":"fund","type":"funding","amount":"-1.25","currency":"USDT","symbol":"ETH/USDT","ts":"2026-12-01T16:00:00Z"}]
            """);
        await using var page = await site.Browser.OpenAsync(site.Server.Address);
        await page.Page.GotoAsync($"/#/bots/{bot}");

        // Newest first: the funding of the product, then the account's deposit.
        var rows = page.Page.GetByTestId("cash-flows-table").Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = 10_000 });
        await Assertions.Expect(rows.Nth(0).Locator("td").Nth(1)).ToHaveTextAsync("funding");
        await Assertions.Expect(rows.Nth(0).Locator("td").Nth(2)).ToHaveTextAsync("ETH/USDT");
        await Assertions.Expect(rows.Nth(0).Locator("td").Nth(3)).ToContainTextAsync("-1.25");
        await Assertions.Expect(rows.Nth(1).Locator("td").Nth(1)).ToHaveTextAsync("deposit");
        await Assertions.Expect(rows.Nth(1).Locator("td").Nth(2)).ToHaveTextAsync("account");

        await site.Server.PostJson($"/api/v1/bots/{bot}/cash-flows", """{"id":"wd","type":"withdrawal","amount":"-1000","currency":"USDT","ts":"2026-12-02T09:00:00Z"}""");
        await Assertions.Expect(rows).ToHaveCountAsync(3, new() { Timeout = 5_000 });
        await Assertions.Expect(rows.Nth(0).Locator("td").Nth(1)).ToHaveTextAsync("withdrawal");

        // The page's export of them is the API's, every row as CSV.
        var href = await page.Page.GetByTestId("export-cash-flows").GetAttributeAsync("href");
        var csv = await site.Server.Http.GetStringAsync(new Uri(href!, UriKind.Relative));
        Assert.Equal(4, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(",withdrawal,", csv, StringComparison.Ordinal);
        page.AssertNoErrors();
        await DashboardChecks.Archive(site, bot);
    }

    [Fact]
    public async Task a_bot_page_draws_its_equity_chart_and_its_decision_log()
    {
        await using var page = await site.Browser.OpenAsync(site.Server.Address);
        await page.Page.GotoAsync("/#/bots/llm-analyst-sol");

        var canvas = page.Page.Locator("[data-testid=equity-chart] canvas").First;
        await Assertions.Expect(canvas).ToBeVisibleAsync(new() { Timeout = 10_000 });
        var painted = await canvas.EvaluateAsync<int>("""
            c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++; return n; }
            """);
        Assert.True(painted > 500, $"the equity chart painted only {painted} pixels");

        // The drawdown plot sits under the equity plot it belongs to: the same left and right edges.
        var plots = await page.Page.Locator("[data-testid=equity-chart] .u-over").EvaluateAllAsync<double[][]>(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })");
        Assert.Equal(2, plots.Length);
        Assert.True(Math.Abs(plots[0][0] - plots[1][0]) < 1 && Math.Abs(plots[0][1] - plots[1][1]) < 1, $"equity plot {plots[0][0]}..{plots[0][1]}, drawdown plot {plots[1][0]}..{plots[1][1]}");

        var log = page.Page.GetByTestId("decisions-log");
        await Assertions.Expect(log).ToContainTextAsync("tb-sim-analyst-1", new() { Timeout = 10_000 });
        await page.Screenshot("bot-page");
        page.AssertNoErrors();
    }

    [Fact]
    public async Task the_leaderboard_sorts_by_the_column_clicked()
    {
        await using var page = await site.Browser.OpenAsync(site.Server.Address);
        await page.Page.GotoAsync("/#/leaderboard?mode=paper");
        var table = page.Page.GetByTestId("leaderboard-table");
        await Assertions.Expect(table.Locator("tbody tr td:nth-child(2)", new() { HasText = "ma-cross-btc" })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await site.StopDemo();

        await table.Locator("th", new() { HasText = "Trades" }).ClickAsync();

        await Assertions.Expect(table.Locator("th[aria-sort]")).ToContainTextAsync("Trades");
        var board = await site.Server.GetJson("/api/v1/leaderboard?mode=paper&sort=trades");
        var ranked = board.GetProperty("items").EnumerateArray().ToList();
        var trades = ranked.Select(m => m.GetProperty("trades").GetInt32()).ToList();
        Assert.Equal(trades.OrderDescending(), trades);
        await Assertions.Expect(table.Locator("tbody tr td:nth-child(2)")).ToHaveTextAsync(ranked.Select(m => m.GetProperty("bot").GetString()!).ToArray(), new() { Timeout = 5_000 });
        page.AssertNoErrors();
    }
}

/// <summary>The portfolio, and the overview on a phone in the dark theme.</summary>
public sealed class SqliteDashboardLayoutTests(SqliteDemoSite site) : IClassFixture<SqliteDemoSite>
{
    [Fact]
    public async Task the_portfolio_draws_the_combined_equity_of_one_mode()
    {
        await using var page = await site.Browser.OpenAsync(site.Server.Address);
        await page.Page.GotoAsync("/#/portfolio?mode=paper");

        await Assertions.Expect(page.Page.Locator("[data-testid=portfolio-chart] canvas").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.Screenshot("portfolio");
        page.AssertNoErrors();
    }

    [Fact]
    public async Task on_a_phone_the_overview_fits_the_screen_in_the_dark_theme()
    {
        await using var page = await site.Browser.OpenAsync(site.Server.Address, width: 390, height: 844);
        await page.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.Page.GotoAsync("/");
        await Assertions.Expect(page.Page.Locator("[data-testid=bot-card][data-bot='grid-eth']")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        var overflow = await page.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        var background = await page.Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the phone's screen");
        Assert.NotEqual("rgb(255, 255, 255)", background);
        await page.Screenshot("overview-phone-dark");
        page.AssertNoErrors();
    }
}

/// <summary>The same check of live card updates on PostgreSQL.</summary>
public sealed class PostgresDashboardTests(PostgresDemoSite site) : IClassFixture<PostgresDemoSite>, IPostgresTests
{
    [StorageFact]
    public async Task a_fill_recorded_through_the_api_changes_its_card_within_two_seconds_without_a_reload()
    {
        await DashboardChecks.CardFollowsTheApi(site);
    }
}

internal static class DashboardChecks
{
    /// <summary>Archives a bot a test added to the demo: hidden from the overview the other tests (and the screenshots) see.</summary>
    public static async Task Archive(DemoSite site, string bot) =>
        Assert.True((await site.Server.PostJson($"/api/v1/bots/{bot}/archive", string.Empty)).IsSuccessStatusCode);

    /// <summary>
    /// A bot of the test's own opens a position; the page is open; the bot closes it through the API, and
    /// its card shows the realized P&amp;L within two seconds, on the same page load.
    /// </summary>
    public static async Task CardFollowsTheApi(DemoSite site)
    {
        var bot = $"probe-{Guid.NewGuid():N}"[..14];
        await site.Server.AddBot(bot);
        await site.Server.PostJson($"/api/v1/bots/{bot}/fills", """{"id":"open","symbol":"ADA/USDT","side":"buy","qty":"100","price":"0.5","ts":"2026-12-01T10:00:00Z"}""");
        await using var page = await site.Browser.OpenAsync(site.Server.Address);
        await page.Page.GotoAsync("/");
        var realized = page.Page.Locator($"[data-testid=bot-card][data-bot='{bot}'] [data-testid=card-realized]");
        await Assertions.Expect(realized).ToHaveAttributeAsync("data-value", "0", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Page.GetByTestId("stream-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        await page.Page.EvaluateAsync("() => { window.__sameLoad = true; }");

        var response = await site.Server.PostJson($"/api/v1/bots/{bot}/fills", """{"id":"close","symbol":"ADA/USDT","side":"sell","qty":"100","price":"0.55","ts":"2026-12-01T11:00:00Z"}""");
        Assert.True(response.IsSuccessStatusCode);
        await Assertions.Expect(realized).ToHaveAttributeAsync("data-value", "5", new() { Timeout = 2_000 });

        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.__sameLoad === true"), "the page reloaded");
        Assert.Contains("5.00", await realized.TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
        page.AssertNoErrors();

        await DashboardChecks.Archive(site, bot);
    }
}

/// <summary>A minute of the demo, then every figure on the overview is the API's.</summary>
public sealed class SqliteDemoMinuteTests(SqliteDemoSite site) : IClassFixture<SqliteDemoSite>
{
    [Fact]
    public async Task after_a_minute_of_trading_every_figure_on_the_overview_is_what_the_api_returns()
    {
        await using var page = await site.Browser.OpenAsync(site.Server.Address);
        await page.Page.GotoAsync("/");
        await Assertions.Expect(page.Page.GetByTestId("bot-card")).ToHaveCountAsync(DemoSite.DemoBots.Length, new() { Timeout = 10_000 });

        await page.Page.WaitForTimeoutAsync(60_000);
        await site.StopDemo();

        // The last writes reach the page through the stream: wait until the cards stop changing.
        var api = (await site.Server.GetJson("/api/v1/bots")).GetProperty("bots").EnumerateArray().ToList();
        foreach (var bot in api)
        {
            var name = bot.GetProperty("name").GetString();
            var card = page.Page.Locator($"[data-testid=bot-card][data-bot='{name}']");
            foreach (var (testId, field) in new[] { ("card-equity", "equity"), ("card-realized", "realized_pnl"), ("card-unrealized", "unrealized_pnl") })
            {
                var expected = bot.GetProperty(field).ValueKind == System.Text.Json.JsonValueKind.Null ? string.Empty : bot.GetProperty(field).GetDouble().ToString("R", CultureInfo.InvariantCulture);
                // A minute of the demo leaves the page a backlog of refreshes to work through; on a busy
                // machine Chromium takes longer than on a quiet one, so the cards get time to settle.
                await Assertions.Expect(card.GetByTestId(testId)).ToHaveAttributeAsync("data-value", expected, new() { Timeout = 15_000 });
            }
        }

        await page.Screenshot("overview-after-a-minute");
        page.AssertNoErrors();
    }
}
