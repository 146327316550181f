using Microsoft.Playwright;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>The browsable API reference in a real browser: drawn from the server's own document and assets, with no internet.</summary>
public sealed class ApiReferenceTests
{
    [Fact]
    public async Task the_api_reference_shows_the_operations_and_asks_nothing_of_another_host()
    {
        await using var site = await QuietSite.StartAsync();
        var (server, browser) = (site.Server, site.Browser);
        await using var page = await browser.OpenAsync(server.Address);
        var elsewhere = new List<string>();
        page.Page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme is "http" or "https" && url.Authority != server.Address.Authority)
            {
                lock (elsewhere)
                {
                    elsewhere.Add(request.Url);
                }
            }
        };

        await page.Page.GotoAsync("/scalar/");

        // The reference lists the operations by their summaries, read from /openapi/v1.json.
        await Assertions.Expect(page.Page.GetByText("Every bot with its mode, status, last activity and figures; archived bots only when asked.").First)
            .ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Page.GetByText("/api/v1/bots/{bot}/heartbeat").First).ToBeAttachedAsync();
        await page.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.Screenshot("api-reference");

        lock (elsewhere)
        {
            Assert.True(elsewhere.Count == 0, "the reference asked other hosts for: " + string.Join(", ", elsewhere.Distinct()));
        }

        page.AssertNoErrors();
    }
}
