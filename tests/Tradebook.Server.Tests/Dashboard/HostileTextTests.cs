using Microsoft.Playwright;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>
/// Text a bot wrote is shown as text: a bot's name, a strategy, an LLM's prompt and answer may hold markup (a model
/// quoting HTML, or a hostile bot), and the dashboard must never run it.
/// </summary>
public sealed class HostileTextTests
{
    private const string Markup = "<img src=x onerror=\"window.__ran=1\"><script>window.__ran=2</script>";

    [Fact]
    public async Task markup_in_a_bots_name_strategy_and_decision_is_shown_as_text_and_never_runs()
    {
        await using var site = await QuietSite.StartAsync();
        var (server, browser) = (site.Server, site.Browser);
        var bot = "x<b>bold</b><img src=x onerror=window.__ran=3>";
        var json = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = bot,
            ["mode"] = "paper",
            ["strategy_name"] = Markup,
            ["strategy_version"] = Markup,
        });
        Assert.True((await server.PostJson("/api/v1/bots", json)).IsSuccessStatusCode);
        var turn = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["decision"] = new Dictionary<string, object> { ["id"] = "d1", ["ts"] = "2026-12-01T10:00:00Z", ["decision"] = Markup, ["inputs"] = Markup, ["notes"] = Markup },
            ["fills"] = new[] { new Dictionary<string, object> { ["id"] = "f1", ["symbol"] = "BTC/USDT", ["side"] = "buy", ["qty"] = "1", ["price"] = "100", ["ts"] = "2026-12-01T10:00:00Z" } },
        });
        var path = $"/api/v1/bots/{Uri.EscapeDataString(bot)}/turns";
        var recorded = await server.PostJson(path, turn);
        Assert.True(recorded.IsSuccessStatusCode, await recorded.Content.ReadAsStringAsync());

        await using var page = await browser.OpenAsync(server.Address);
        var dialogs = 0;
        page.Page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await page.Page.GotoAsync("/");
        var card = page.Page.GetByTestId("bot-card").First;
        await Assertions.Expect(card).ToContainTextAsync(bot, new() { Timeout = 10_000 });

        await page.Page.GotoAsync($"/#/bots/{Uri.EscapeDataString(bot)}");
        var log = page.Page.GetByTestId("decisions-log");
        await Assertions.Expect(log).ToContainTextAsync("<script>", new() { Timeout = 10_000 });
        await log.Locator("details summary").First.ClickAsync();
        await Assertions.Expect(log).ToContainTextAsync("onerror", new() { Timeout = 10_000 });
        await page.Page.WaitForTimeoutAsync(500);

        Assert.Equal(0, dialogs);
        Assert.Null(await page.Page.EvaluateAsync<int?>("() => window.__ran ?? null"));
        Assert.Equal(0, await page.Page.Locator("img, script:not([src])").CountAsync());
        Assert.Equal(0, await page.Page.Locator("b", new() { HasTextString = "bold" }).CountAsync());
        page.AssertNoErrors();
    }
}
