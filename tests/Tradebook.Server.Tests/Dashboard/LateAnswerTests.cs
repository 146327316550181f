using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>
/// Answers that reach the page out of order: the card must keep the newest figures, whichever answer
/// arrives last. On a server with no demo running, so that nothing else refreshes the card.
/// </summary>
public sealed partial class LateAnswerTests
{
    [Fact]
    public async Task a_bot_list_read_before_a_fill_and_answered_after_its_refresh_does_not_put_the_old_figures_back()
    {
        await using var site = await QuietSite.StartAsync();
        var (server, browser) = (site.Server, site.Browser);
        await server.AddBot("late-list");
        await server.PostJson("/api/v1/bots/late-list/fills", """{"id":"open","symbol":"ADA/USDT","side":"buy","qty":"100","price":"0.5","ts":"2026-12-01T10:00:00Z"}""");

        await using var page = await browser.OpenAsync(server.Address);
        await page.Page.GotoAsync("/");
        var realized = page.Page.Locator("[data-testid=bot-card][data-bot='late-list'] [data-testid=card-realized]");
        await Assertions.Expect(realized).ToHaveAttributeAsync("data-value", "0", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Page.GetByTestId("stream-status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });

        // The next read of the whole list gets the server's answer now, before the closing fill, and
        // reaches the page only when the test lets it.
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deliver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = 0;
        await page.Page.RouteAsync(BotList(), async route =>
        {
            if (Interlocked.Exchange(ref held, 1) == 1)
            {
                await route.ContinueAsync();
                return;
            }

            var answer = await route.FetchAsync();
            read.SetResult();
            await deliver.Task;
            await route.FulfillAsync(new() { Response = answer });
        });

        // A new price makes the page read the whole list again.
        await server.PostJson("/api/v1/records", """{"kind":"price_bar","symbol":"ADA/USDT","interval":"1h","ts":"2026-12-01T10:00:00Z","open":"0.5","high":"0.5","low":"0.5","close":"0.5"}""");
        await read.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await server.PostJson("/api/v1/bots/late-list/fills", """{"id":"close","symbol":"ADA/USDT","side":"sell","qty":"100","price":"0.55","ts":"2026-12-01T11:00:00Z"}""");
        await Assertions.Expect(realized).ToHaveAttributeAsync("data-value", "5", new() { Timeout = 5_000 });

        await page.Page.RunAndWaitForResponseAsync(() => { deliver.SetResult(); return Task.CompletedTask; }, BotList());
        await page.Page.WaitForTimeoutAsync(500);

        Assert.Equal("5", await realized.GetAttributeAsync("data-value"));
        page.AssertNoErrors();
    }

    [GeneratedRegex(@"/api/v1/bots\?")]
    private static partial Regex BotList();
}
