using Microsoft.Data.Sqlite;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Fragmented;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Tests.Fragmented;

/// <summary>
/// Portfolio folders built here in shapes no sample has: securities tables and price tables under other names and
/// columns, price files named by symbol without suffix, by exchange and symbol, by ISIN, by suffix first, by a
/// folder per security, or by nothing at all with the security inside the file. Every price file is matched to its
/// security; a file of no configured security and a security without a file are reported with what was tried.
/// </summary>
public sealed class PortfolioVariantTests : IDisposable
{
    private const int Days = 5;

    private readonly string _root = Directory.CreateTempSubdirectory("tradebook-portfolio-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>A listing of the variant's securities table.</summary>
    private sealed record Security(string Symbol, string Name, string Currency, string Isin, string Exchange, string Vendor);

    private static readonly Security[] Securities =
    [
        new("KO.US", "Coca-Cola Co.", "USD", "US1912161007", "NYSE", "KO"),
        new("SAP.EU", "SAP SE", "EUR", "DE0007164600", "XETRA", "SAP.DE"),
        new("0700.HK", "Tencent Holdings", "HKD", "KYG875721634", "HKEX", "0700.HK"),
        new("BRK-B.US", "Berkshire Hathaway B", "USD", "US0846707026", "NYSE", "BRK-B"),
        new("NOHIST.US", "Without History Inc.", "USD", "US0000000001", "NASDAQ", "NOHIST"),
    ];

    /// <summary>How a variant lays out its securities table and names its price files.</summary>
    public sealed record Layout(
        string SecuritiesTable, string SymbolColumn, string NameColumn, string CurrencyColumn, string IsinColumn, string ExchangeColumn,
        string PriceTable, string[] PriceColumns, string Naming)
    {
        public override string ToString() => Naming;
    }

    private static readonly Layout ByIsin =
        new("stock_list", "ticker", "security_name", "currency_code", "isin_code", "listing_exchange", "ohlc", ["trade_date", "open_price", "high_price", "low_price", "close_price"], "isin");

    public static TheoryData<Layout> Layouts => new()
    {
        new("securities", "symbol", "name", "currency", "isin", "exchange", "daily_prices", ["date", "open", "high", "low", "close", "volume"], "base"),
        new("Instruments", "Ticker", "CompanyName", "Ccy", "ISIN", "Market", "Quotes", ["Date", "Open", "High", "Low", "Close", "Volume"], "exchange-base-lower"),
        ByIsin,
        new("securities", "symbol", "long_name", "currency", "isin", "mic", "px", ["day", "close"], "suffix-first"),
        new("universe", "code", "description", "ccy", "isin", "exchange", "bars", ["ts", "o", "h", "l", "c", "v"], "folder-per-security"),
        new("securities", "symbol", "name", "currency", "isin", "exchange", "daily", ["date", "open", "high", "low", "close"], "opaque-isin-in-meta"),
        new("securities", "symbol", "name", "currency", "isin", "exchange", "daily", ["date", "open", "high", "low", "close", "ticker"], "opaque-ticker-column"),
        new("securities", "symbol", "name", "currency", "isin", "exchange", "TABLE", ["date", "close"], "opaque-table-named"),
    };

    private static string FileOf(Security s, Layout layout, int index)
    {
        var dot = s.Symbol.LastIndexOf('.');
        var (@base, suffix) = (s.Symbol[..dot], s.Symbol[(dot + 1)..]);
        return layout.Naming switch
        {
            "base" => $"history/{@base}.db",
            "exchange-base-lower" => $"prices/{s.Exchange.ToLowerInvariant()}-{@base.ToLowerInvariant()}-daily.sqlite",
            "isin" => $"hist/{s.Isin}.db",
            "suffix-first" => $"history/{suffix}_{@base.TrimStart('0')}.db",
            "folder-per-security" => $"series/{s.Symbol}/prices.db",
            _ => $"store/p{index:000}.db",
        };
    }

    private string Build(Layout layout, string orphanFile)
    {
        var folder = Path.Combine(_root, layout.Naming);
        Execute(Path.Combine(folder, "conf.db"), $"""
            CREATE TABLE "{layout.SecuritiesTable}" ("{layout.SymbolColumn}" TEXT PRIMARY KEY, "{layout.NameColumn}" TEXT, "{layout.CurrencyColumn}" TEXT,
              "{layout.IsinColumn}" TEXT, "{layout.ExchangeColumn}" TEXT, yahoo_symbol TEXT, sector TEXT);
            {string.Concat(Securities.Select(s => $"INSERT INTO \"{layout.SecuritiesTable}\" VALUES ('{s.Symbol}', '{s.Name}', '{s.Currency}', '{s.Isin}', '{s.Exchange}', '{s.Vendor}', 'Any');\n"))}
            """);
        Execute(Path.Combine(folder, "book.db"), """
            CREATE TABLE trades (id INTEGER PRIMARY KEY, symbol TEXT, side TEXT, quantity REAL, price REAL, executed_at TEXT, currency TEXT);
            INSERT INTO trades VALUES (1, 'KO.US', 'BUY', 10, 60.5, '2024-01-02T15:00:00Z', 'USD');
            INSERT INTO trades VALUES (2, 'SAP.EU', 'BUY', 3, 140, '2024-01-03T10:00:00Z', 'EUR');
            """);

        for (var i = 0; i < Securities.Length; i++)
        {
            var security = Securities[i];
            if (security.Symbol.StartsWith("NOHIST", StringComparison.Ordinal))
            {
                continue;
            }

            var table = layout.Naming == "opaque-table-named" ? security.Symbol.Replace('.', '_') : layout.PriceTable;
            var extra = layout.Naming == "opaque-isin-in-meta" ? $"CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('isin', '{security.Isin}'), ('source', 'vendor');" : "";
            Execute(Path.Combine(folder, FileOf(security, layout, i)), PriceTable(table, layout.PriceColumns, 100 + (i * 10), security.Vendor) + extra);
        }

        Execute(Path.Combine(folder, orphanFile), PriceTable(layout.PriceTable, layout.PriceColumns, 5, "ZZZ"));
        return folder;
    }

    /// <summary>A price table of <see cref="Days"/> rows starting at <paramref name="start"/>, whatever its columns are called.</summary>
    private static string PriceTable(string table, string[] columns, decimal start, string ticker)
    {
        var sql = $"CREATE TABLE \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))});\n";
        for (var d = 0; d < Days; d++)
        {
            var price = start + d;
            var values = columns.Select((c, i) => i == 0 ? $"'2024-01-{d + 2:00}'"
                : c.Contains("ticker", StringComparison.OrdinalIgnoreCase) ? $"'{ticker}'"
                : c.Contains("vol", StringComparison.OrdinalIgnoreCase) || c == "v" ? "1000"
                : price.ToString(System.Globalization.CultureInfo.InvariantCulture));
            sql += $"INSERT INTO \"{table}\" VALUES ({string.Join(", ", values)});\n";
        }

        return sql;
    }

    private static void Execute(string path, string sql)
    {
        SqliteBootstrap.EnsureInitialized();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void every_price_file_is_matched_to_its_security_whatever_the_naming(Layout layout)
    {
        var orphan = layout.Naming.StartsWith("opaque", StringComparison.Ordinal) ? "store/zzz.db" : "history/ZZZ_US.db";
        var folder = Build(layout, orphan);

        var import = new FragmentedReader().ReadDetailed(folder, new ImportOptions());

        Assert.Equal(5, import.Securities);
        Assert.Equal(["NOHIST.US"], import.SecuritiesWithoutHistory);
        Assert.Equal([orphan], import.OrphanHistoryFiles);
        var bars = import.Set.PriceBars.GroupBy(b => b.Symbol).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(["0700.HK/HKD", "BRK-B.US/USD", "KO.US/USD", "SAP.EU/EUR"], bars.Keys.Order(StringComparer.Ordinal));
        Assert.All(bars.Values, b => Assert.Equal(Days, b.Count));
        Assert.Equal(100m, bars["KO.US/USD"][0].Close);
        Assert.Equal(121m, bars["0700.HK/HKD"][1].Close);
        Assert.Equal(130m, bars["BRK-B.US/USD"][0].Open);
    }

    [Fact]
    public void a_security_without_a_file_and_a_file_without_a_security_are_reported_with_what_was_tried()
    {
        var folder = Build(ByIsin, "hist/XX0000000000.db");

        var set = new FragmentedReader().Read(folder, new ImportOptions());

        var missing = Assert.Single(set.Warnings, w => w.StartsWith("Security NOHIST.US", StringComparison.Ordinal));
        Assert.Contains("NOHIST.US", missing, StringComparison.Ordinal);
        Assert.Contains("US0000000001", missing, StringComparison.Ordinal);
        Assert.Contains("NASDAQ", missing, StringComparison.Ordinal);
        var orphan = Assert.Single(set.Warnings, w => w.StartsWith("hist/XX0000000000.db", StringComparison.Ordinal));
        Assert.Contains("matches no configured security: tried the name's words XX0000000000", orphan, StringComparison.Ordinal);
        Assert.Contains($"its {Days} bars are not imported", orphan, StringComparison.Ordinal);
    }

    [Fact]
    public void a_name_that_fits_two_listings_of_one_ticker_is_reported_as_ambiguous_not_guessed()
    {
        var folder = Path.Combine(_root, "ambiguous");
        Execute(Path.Combine(folder, "conf.db"), """
            CREATE TABLE securities (symbol TEXT, name TEXT, currency TEXT, exchange TEXT);
            INSERT INTO securities VALUES ('SHEL.US', 'Shell ADR', 'USD', 'NYSE'), ('SHEL.EU', 'Shell plc', 'EUR', 'AEX');
            """);
        Execute(Path.Combine(folder, "book.db"), "CREATE TABLE trades (symbol TEXT, side TEXT, quantity REAL, price REAL, executed_at TEXT);");
        Execute(Path.Combine(folder, "history", "SHEL.db"), PriceTable("daily_prices", ["date", "open", "high", "low", "close"], 30, "-"));
        Execute(Path.Combine(folder, "history", "aex_shel.db"), PriceTable("daily_prices", ["date", "open", "high", "low", "close"], 28, "-"));

        var import = new FragmentedReader().ReadDetailed(folder, new ImportOptions());

        Assert.Equal(["history/SHEL.db"], import.OrphanHistoryFiles);
        Assert.Contains(import.Set.Warnings, w => w.Contains("fits several securities (SHEL.US, SHEL.EU)", StringComparison.Ordinal));
        Assert.Equal(Days, import.Set.PriceBars.Count(b => b.Symbol == "SHEL.EU/EUR"));
        Assert.Equal(["SHEL.US"], import.SecuritiesWithoutHistory);
    }
}
