using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Csv;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Csv;

/// <summary>
/// A trade history exported to Excel, as exchanges offer it (Binance's and Bybit's "export" give .xlsx): read as its
/// CSV would be. Before, no reader recognised it, and the user had to open it and save it again as CSV.
/// </summary>
public sealed class SpreadsheetTests : IDisposable
{
    private readonly ScratchDatabase _folder = new("SELECT 1");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void an_exchange_s_xlsx_export_is_read_as_its_csv_would_be()
    {
        // Binance's spot trade history: dates as text, amounts as numbers, the fee with its coin.
        var path = Xlsx.Write(Path.Combine(_folder.Folder, "Export Trade History.xlsx"),
            ["Date(UTC)", "Pair", "Side", "Price", "Executed", "Amount", "Fee"],
            ["2024-01-02 10:00:00", "BTCUSDT", "BUY", 42000.5, "0.01BTC", "420.005USDT", "0.00001BTC"],
            ["2024-01-03 11:30:00", "BTCUSDT", "SELL", 43000, "0.00999BTC", "429.57USDT", "0.42957USDT"]);

        Assert.IsType<CsvTradesReader>(new SourceDetector().Detect(path));
        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Empty(set.Rejections);
        Assert.Equal(
            [
                (Side.Buy, 0.01m, 42000.5m, 0.00001m, "BTC", new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero)),
                (Side.Sell, 0.00999m, 43000m, 0.42957m, "USDT", new DateTimeOffset(2024, 1, 3, 11, 30, 0, TimeSpan.Zero)),
            ],
            set.Fills.Select(f => (f.Side, f.Quantity, f.Price, f.Fee, f.FeeCurrency, f.Timestamp)));
    }

    [Fact]
    public void date_cells_and_numbers_are_read_as_the_cells_hold_them_under_a_title_row()
    {
        var path = Xlsx.Write(Path.Combine(_folder.Folder, "fills.xlsx"),
            ["Account statement 2024"],
            [],
            ["Trade ID", "Symbol", "Side", "Quantity", "Price", "Commission", "Time"],
            ["t-1", "ETH/USDT", "buy", 1.5, 2300.25, 0.1, new DateTime(2024, 1, 2, 10, 0, 0)],
            ["t-2", "ETH/USDT", "sell", 1.5, 0.000073, 0.2, new DateTime(2024, 1, 2, 18, 45, 30)]);

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Empty(set.Rejections);
        Assert.Equal(
            [("t-1", 1.5m, 2300.25m, new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero)), ("t-2", 1.5m, 0.000073m, new DateTimeOffset(2024, 1, 2, 18, 45, 30, TimeSpan.Zero))],
            set.Fills.Select(f => (f.Id, f.Quantity, f.Price, f.Timestamp)));
        Assert.Contains(set.Warnings, w => w.Contains("come before the table's header", StringComparison.Ordinal));
    }

    [Fact]
    public void a_binary_excel_export_is_read_as_its_csv_would_be()
    {
        // The older binary .xls (BIFF8), written by another library than the one Tradebook reads it with (the
        // script beside the file); before, no reader claimed it.
        var path = Path.Combine(_folder.Folder, "trade-history.xls");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "spreadsheets", "trade-history.xls"), path);

        Assert.IsType<CsvTradesReader>(new SourceDetector().Detect(path));
        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Empty(set.Rejections);
        Assert.Equal(
            [
                (Side.Buy, 1.5m, 2300.25m, 0.0015m, "ETH", new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero)),
                (Side.Sell, 1.4985m, 2310.5m, 3.46228425m, "USDT", new DateTimeOffset(2024, 1, 2, 18, 45, 30, TimeSpan.Zero)),
            ],
            set.Fills.Select(f => (f.Side, f.Quantity, f.Price, f.Fee, f.FeeCurrency, f.Timestamp)));
    }

    [Theory]
    [InlineData("export.xls")]
    [InlineData("statement.html")]
    public void an_html_table_saved_as_excel_is_read_as_its_csv_would_be(string name)
    {
        // Many brokers' and sites' "export to Excel" saves a web page's table under .xls: it was read as a CSV and
        // refused for its first line. The largest table is the trades; an account's summary above it is not.
        var path = Path.Combine(_folder.Folder, name);
        File.WriteAllText(path, """
            <html><head><meta charset="utf-8"><title>Trades</title><style>td { color: red }</style></head>
            <body>
            <table><tr><td>Account</td><td>U123</td></tr><tr><td>Currency</td><td>USD</td></tr></table>
            <table border=1>
              <thead><tr><th>Trade ID</th><th>Symbol</th><th>Side</th><th>Quantity</th><th>Price</th><th>Commission</th><th>Time</th></tr></thead>
              <tbody>
                <tr><td>t-1</td><td>MSFT</td><td>Buy</td><td>100</td><td>370.87</td><td>1.00</td><td>2024-01-02 09:30:15</td></tr>
                <tr><td> t-2 </td><td>MSFT</td><td>Sell</td><td>50</td><td>367.75</td><td>1,00</td><td>2024-01-05 15:45:01</td>
                <tr><td>t-3</td><td>MSFT</td><td><b>Sell</b></td><td>50</td><td>368&#46;5</td><td>1.00</td><td>2024-01-05 15:46:00</td></tr>
              </tbody>
            </table>
            </body></html>
            """);

        Assert.IsType<CsvTradesReader>(new SourceDetector().Detect(path));
        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Equal(
            [("t-1", Side.Buy, 100m, 370.87m, new DateTimeOffset(2024, 1, 2, 9, 30, 15, TimeSpan.Zero)), ("t-3", Side.Sell, 50m, 368.5m, new DateTimeOffset(2024, 1, 5, 15, 46, 0, TimeSpan.Zero))],
            set.Fills.Select(f => (f.Id, f.Side, f.Quantity, f.Price, f.Timestamp)));

        // A commission written with a decimal comma is not guessed at: its row is rejected, saying why.
        Assert.Equal("fee \"1,00\" is not a number", Assert.Single(set.Rejections).Reason);
    }

    [Fact]
    public void a_web_page_without_a_table_is_not_taken_for_a_table()
    {
        var path = Path.Combine(_folder.Folder, "export.xls");
        File.WriteAllText(path, "<html><body><p>Your session expired; log in again.</p></body></html>");

        Assert.False(new CsvTradesReader().CanRead(path));
    }

    [Theory]
    [InlineData("broken.xlsx", new byte[] { 0x50, 0x4B, 0x03, 0x04 })]
    [InlineData("broken.xls", new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 })]
    public void a_damaged_spreadsheet_is_not_taken_for_one_and_says_why_when_named(string name, byte[] signature)
    {
        var path = Path.Combine(_folder.Folder, name);
        File.WriteAllBytes(path, [.. signature, .. new byte[200]]);

        Assert.False(new CsvTradesReader().CanRead(path));
        Assert.Throws<InvalidDataException>(() => new CsvTradesReader().Read(path, new ImportOptions()));
    }
}
