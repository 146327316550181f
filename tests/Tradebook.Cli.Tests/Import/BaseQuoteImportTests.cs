using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests.Import;

/// <summary><c>tradebook import</c> of trades stored as a coin amount and a quote amount, with a mapping file naming the columns.</summary>
public sealed class BaseQuoteImportTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void a_mapping_names_the_amount_columns_and_the_store_holds_the_derived_prices()
    {
        var source = SqliteScript.Create(Path.Combine(_workspace.Folder, "rotation.db"), """
            CREATE TABLE hops (hop INTEGER PRIMARY KEY, coin TEXT, via TEXT, dumped INTEGER, coin_qty REAL, via_qty REAL, stamp TEXT, phase TEXT);
            INSERT INTO hops VALUES (1, 'XLM', 'BUSD', 0, 1000, 123.45, '2022-01-05 08:00:00', 'COMPLETE');
            INSERT INTO hops VALUES (2, 'XLM', 'BUSD', 1, 1000, 130, '2022-01-06 08:00:00', 'COMPLETE');
            INSERT INTO hops VALUES (3, 'XLM', 'BUSD', 1, 7, NULL, '2022-01-07 08:00:00', 'ORDERED');
            """);
        var mapping = _workspace.WriteFile("hops.json", """
            {"table": "hops", "bot": "rotation", "columns": {"base_asset": "coin", "quote_asset": "via", "selling": "dumped",
             "quantity": "coin_qty", "quote_amount": "via_qty", "time": "stamp", "status": "phase"}}
            """);
        Assert.Equal(0, _workspace.Run("init").ExitCode);

        var result = _workspace.Run("import", source, "--mapping", mapping, "--no-backup", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var import = result.Json().GetProperty("imports")[0];
        Assert.True(import.GetProperty("verification").GetProperty("ok").GetBoolean());
        Assert.Equal("hops.hop=3", Assert.Single(import.GetProperty("rejections").EnumerateArray()).GetProperty("source_ref").GetString());
        var fills = SqliteQuery.Rows(_workspace.DatabasePath, "SELECT f.side, f.quantity, f.price FROM fills f JOIN instruments i ON i.id = f.instrument_id WHERE i.symbol = 'XLM/BUSD' ORDER BY f.ts");
        Assert.Equal([("buy", 1000m, 0.12345m), ("sell", 1000m, 0.13m)], fills.Select(r => ((string)r[0]!, decimal.Parse((string)r[1]!, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse((string)r[2]!, System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal("rotation", SqliteQuery.Rows(_workspace.DatabasePath, "SELECT name FROM bots").Single()[0]);
    }
}
