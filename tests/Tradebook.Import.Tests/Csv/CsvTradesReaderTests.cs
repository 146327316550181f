using System.Text;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Csv;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Csv;

/// <summary>
/// A CSV file of trades, as bots and exchanges write them, is read as a trades table: columns found by name, every
/// value exactly as written, each row referenced by its place in the file; a file that is not CSV of trades is
/// said to be so, naming the line.
/// </summary>
public sealed class CsvTradesReaderTests : IDisposable
{
    private readonly ScratchDatabase _folder = new("SELECT 1");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void a_csv_of_trades_is_read_with_every_value_exactly_as_written()
    {
        var path = _folder.WriteFile("trades.csv", """
            Trade ID,Symbol,Side,Quantity,Price,Fee,Fee Currency,Time
            t1,BTC/USDT,BUY,0.123456789012345678,64000.5,0.01,USDT,2026-01-02T10:00:00Z
            t2,"BTC/USDT",sell,0.123456789012345678,"65000",0.01,USDT,2026-01-02 11:00:00
            t3,ETH/USDT,buy,1,3000.25,,,1767350000

            """);

        var reader = new CsvTradesReader();
        var set = reader.Read(path, new ImportOptions());

        Assert.True(reader.CanRead(path));
        Assert.Equal("csv-trades", set.Source.Format);
        Assert.Equal(path, set.Source.Path);
        Assert.Equal(["t1", "t2", "t3"], set.Fills.Select(f => f.Id));
        var first = set.Fills[0];
        Assert.Equal(("BTC/USDT", Side.Buy, 0.123456789012345678m, 64000.5m, 0.01m, "USDT"), (first.Symbol, first.Side, first.Quantity, first.Price, first.Fee, first.FeeCurrency));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 10, 0, 0, TimeSpan.Zero), first.Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 11, 0, 0, TimeSpan.Zero), set.Fills[1].Timestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767350000), set.Fills[2].Timestamp);
        Assert.Equal(0m, set.Fills[2].Fee);
        Assert.Empty(set.Rejections);
    }

    [Fact]
    public void amounts_written_with_their_currency_are_read_and_a_fee_s_currency_is_taken_from_it()
    {
        // An exchange's trade history export: the executed quantity, the quote amount and the fee each carry their
        // coin, and "Amount" is what was paid, not the quantity. All rows were refused as "not a number".
        var path = _folder.WriteFile("history.csv", """
            Date(UTC),Pair,Side,Price,Executed,Amount,Fee
            2024-01-05 10:00:01,BTCUSDT,BUY,42000.5,0.01000000BTC,420.005USDT,0.00001BTC
            2024-01-06 11:00:01,BTCUSDT,SELL,43000,0.01000000 BTC,430 USDT,0.43USDT

            """);

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Empty(set.Rejections);
        Assert.Equal(
            [(Side.Buy, 0.01m, 42000.5m, 0.00001m, "BTC"), (Side.Sell, 0.01m, 43000m, 0.43m, "USDT")],
            set.Fills.Select(f => (f.Side, f.Quantity, f.Price, f.Fee, f.FeeCurrency)));
    }

    [Fact]
    public void an_amount_in_the_wrong_currency_for_its_column_is_rejected_naming_it()
    {
        var path = _folder.WriteFile("mislabelled.csv", """
            symbol,side,qty,price,time
            BTC/USDT,buy,420USDT,42000,2024-01-05T10:00:00Z

            """);

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Empty(set.Fills);
        Assert.Contains("in USDT, not in BTC", Assert.Single(set.Rejections).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id,order,timestamp,symbol,type,side,price,amount,cost,fee_cost,fee_currency", "1,o1,1704448801000,BTC/USDT,limit,buy,42000.5,0.01,420.005,0.42,USDT")]
    [InlineData("txid,pair,time,type,ordertype,price,cost,fee,vol", "TX1,BTC/USD,2024-01-05 10:00:01.1234,buy,limit,42000.5,420.005,0.42,0.01")]
    [InlineData("Trade Date,Stock,Buy/Sell,Shares,Trade Price,Commission", "2024-01-05,AAPL,BUY,0.01,42000.5,0.42")]
    public void exchange_and_broker_exports_are_read_by_their_own_column_names(string header, string row)
    {
        var path = _folder.WriteFile("export.csv", $"{header}\n{row}\n");

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Empty(set.Rejections);
        var fill = Assert.Single(set.Fills);
        Assert.Equal((Side.Buy, 0.01m, 42000.5m, 0.42m), (fill.Side, fill.Quantity, fill.Price, fill.Fee));
    }

    [Fact]
    public void semicolons_tabs_a_byte_order_mark_and_titled_headers_are_read_as_commas_and_plain_names_are()
    {
        // A spreadsheet's export: semicolons, a BOM, titles with spaces and units in brackets.
        var semicolons = _folder.WriteFile("export.csv", "\uFEFFOrder ID;Pair;Side;Amount;Fill Price;Commission;Date(UTC)\r\no-1;ETH/USDT;Buy;2;1800.5;0.9;2025-06-01 08:30:00\r\n");
        var tabs = _folder.WriteFile("fills.tsv", "pair\tside\tqty\tprice\ttime\nSOL/USDT\tsell\t3\t150\t2025-06-01T09:00:00Z\n");

        var fromSemicolons = new CsvTradesReader().Read(semicolons, new ImportOptions());
        var fromTabs = new CsvTradesReader().Read(tabs, new ImportOptions());

        var fill = Assert.Single(fromSemicolons.Fills);
        Assert.Equal(("ETH/USDT", Side.Buy, 2m, 1800.5m, 0.9m), (fill.Symbol, fill.Side, fill.Quantity, fill.Price, fill.Fee));
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 8, 30, 0, TimeSpan.Zero), fill.Timestamp);
        Assert.Equal(("SOL/USDT", Side.Sell, 3m), (fromTabs.Fills.Single().Symbol, fromTabs.Fills.Single().Side, fromTabs.Fills.Single().Quantity));
    }

    [Fact]
    public void a_row_that_cannot_be_a_fill_is_rejected_naming_its_record_and_a_short_row_is_named_in_a_warning()
    {
        var path = _folder.WriteFile("trades.csv", """
            symbol,side,qty,price,time
            BTC/USDT,buy,1,"64,000.5",2026-01-02T10:00:00Z
            BTC/USDT,buy,1
            BTC/USDT,buy,1,64000,2026-01-02T11:00:00Z
            """);

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Single(set.Fills);
        Assert.Contains(set.Rejections, r => r.SourceRef.EndsWith("=1", StringComparison.Ordinal) && r.Reason.Contains("64,000.5", StringComparison.Ordinal));
        Assert.Contains(set.Rejections, r => r.SourceRef.EndsWith("=2", StringComparison.Ordinal));
        Assert.Contains(set.Warnings, w => w.Contains("line 3", StringComparison.Ordinal) && w.Contains("3 fields where the header has 5", StringComparison.Ordinal));
    }

    [Fact]
    public void a_quote_left_open_is_an_error_naming_its_line()
    {
        var path = _folder.WriteFile("trades.csv", "symbol,side,qty,price,time\nBTC/USDT,buy,1,64000,2026-01-02T10:00:00Z\nBTC/USDT,\"buy,1,64000,2026-01-02T11:00:00Z\n");

        var error = Assert.Throws<InvalidDataException>(() => new CsvTradesReader().Read(path, new ImportOptions()));

        Assert.Contains("line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void files_that_are_not_csv_of_trades_are_left_to_other_readers_and_detection_says_what_it_found()
    {
        var prices = _folder.WriteFile("prices.csv", "date,open,high,low,close\n2026-01-01,1,2,0.5,1.5\n");
        var json = _folder.WriteFile("fills.json", """[{"symbol":"BTC/USDT","side":"buy","qty":1,"price":2,"time":"2026-01-01T00:00:00Z"}]""");
        var empty = _folder.WriteFile("empty.csv", string.Empty);
        var reader = new CsvTradesReader();

        Assert.False(reader.CanRead(prices));
        Assert.False(reader.CanRead(json));
        Assert.False(reader.CanRead(empty));
        Assert.False(reader.CanRead(_folder.Path));
        Assert.False(reader.CanRead(_folder.Folder));
        var error = Assert.Throws<TradebookException>(() => new SourceDetector().Detect(prices));
        Assert.Contains("no reader recognises it", error.Message, StringComparison.Ordinal);
        Assert.Contains("read as CSV", error.Message, StringComparison.Ordinal);
        Assert.Contains("lacks a column for", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_file_that_is_not_utf8_is_refused_rather_than_read_with_replacement_characters()
    {
        // A spreadsheet's Latin-1 export: "é" is the single byte 0xE9, which UTF-8 does not allow there.
        var path = System.IO.Path.Combine(_folder.Folder, "latin1.csv");
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("symbol,side,qty,price,time,bot\nBTC/USDT,buy,1,2,2026-01-01T00:00:00Z,Société\n"));

        var error = Assert.Throws<InvalidDataException>(() => new CsvTradesReader().Read(path, new ImportOptions()));

        Assert.Contains("not UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_header_wider_than_a_table_can_be_is_an_error_that_says_so()
    {
        var columns = string.Join(',', Enumerable.Range(0, 2100).Select(i => $"c{i}"));
        var path = _folder.WriteFile("wide.csv", $"{columns},symbol,side,qty,price,time\n");

        var error = Assert.Throws<InvalidDataException>(() => new CsvTradesReader().Read(path, new ImportOptions()));

        Assert.Contains("2105 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_detector_picks_the_csv_reader_for_a_csv_of_trades()
    {
        var path = _folder.WriteFile("bot-log.txt", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes("time,symbol,side,quantity,price\n2026-01-01T00:00:00Z,BTC/USDT,buy,1,100\n")));

        Assert.IsType<CsvTradesReader>(new SourceDetector().Detect(path));
    }
}
