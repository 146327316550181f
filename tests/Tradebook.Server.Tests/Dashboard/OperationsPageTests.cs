using Microsoft.Playwright;
using Tradebook.Cli;

namespace Tradebook.Server.Tests.Dashboard;

/// <summary>The operations page in a real browser, on a server of its own.</summary>
public sealed class OperationsPageTests
{
    [Fact]
    public async Task the_operations_page_shows_the_database_schema_and_health_and_an_import_made_by_another_process_without_a_reload()
    {
        await using var site = await QuietSite.StartAsync();
        var (db, server, browser) = (site.Db, site.Server, site.Browser);
        await using var page = await browser.OpenAsync(server.Address);
        await page.Page.GotoAsync("/#/operations");

        var facts = page.Page.Locator(".ops-grid");
        await Assertions.Expect(Fact(facts, "Engine")).ToHaveTextAsync("sqlite", new() { Timeout = 10_000 });
        await Assertions.Expect(Fact(facts, "In use")).ToContainTextAsync(Path.GetFileName(db.Target.FilePath!));
        await Assertions.Expect(Fact(facts, "Version")).ToContainTextAsync("current");
        await Assertions.Expect(Fact(facts, "Drift")).ToHaveTextAsync("none");
        await Assertions.Expect(Fact(facts, "Integrity")).ToHaveTextAsync("ok", new() { Timeout = 10_000 });
        await Assertions.Expect(Fact(facts, "Live")).ToContainTextAsync("healthy");
        await Assertions.Expect(Fact(facts, "Ready")).ToContainTextAsync("healthy");
        await Assertions.Expect(Fact(facts, "This page")).ToHaveTextAsync("live", new() { Timeout = 10_000 });
        var imports = page.Page.Locator("section.panel", new() { HasText = "Import batches" });
        await Assertions.Expect(imports).ToContainTextAsync("No imports yet");
        await page.Page.EvaluateAsync("() => { window.__sameLoad = true; }");

        // An import by the CLI, another writer of the same file: the page hears of it through the event stream.
        var csv = Path.Combine(Path.GetDirectoryName(db.Target.FilePath!)!, "grid-bot-trades.csv");
        await File.WriteAllTextAsync(csv, "Trade ID,Symbol,Side,Quantity,Price,Fee,Fee Currency,Time\nt1,BTC/USDT,buy,0.5,64000,0.01,USDT,2026-01-02T10:00:00Z\nt2,BTC/USDT,sell,0.5,65000,0.01,USDT,2026-01-02T11:00:00Z\n");
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(TradebookCli.Run(["import", csv, "--mode", "paper", "--no-backup", "--db", db.Target.FilePath!], output, error) == 0, error.ToString());

        var row = imports.Locator("tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("grid-bot-trades.csv", new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToContainTextAsync("2 fills");
        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.__sameLoad === true"), "the page reloaded");
        await page.Screenshot("operations");
        page.AssertNoErrors();
    }

    /// <summary>The value beside a label of the page's facts.</summary>
    private static ILocator Fact(ILocator facts, string label) =>
        facts.Locator("dt", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(label)}$") }).Locator("xpath=following-sibling::dd[1]");
}
