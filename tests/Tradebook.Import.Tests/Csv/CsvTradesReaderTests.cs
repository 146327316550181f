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
    public void a_broker_s_transaction_report_is_read_past_its_title_with_money_as_people_write_it()
    {
        // A transaction report made for people: a notice, a title and an account line before the table, the
        // asset and its price's currency in two columns, prices with a currency sign and thousands grouped,
        // times with the zone as a word, trades named "Advanced Trade Sell", and transfers that are no trade.
        // It was refused whole: "no table of trades found".
        var path = _folder.WriteFile("report.csv", """
            "You can use this transaction report to inform your likely tax obligations. For US customers, Sells, Converts, and Rewards Income are taxable events."


            Transactions
            User,Jane Doe,5d8f7a2e-1b3c-4d5e-8f90-a1b2c3d4e5f6
            ID,Timestamp,Transaction Type,Asset,Quantity Transacted,Price Currency,Price at Transaction,Subtotal,Total (inclusive of fees and/or spread),Fees and/or Spread,Notes
            a1,2024-01-03 14:02:11 UTC,Buy,BTC,0.01,USD,$42500.00,$425.00,$431.37,$6.37,Bought 0.01 BTC
            a2,2024-01-05 09:15:40 UTC,Receive,ETH,0.5,USD,"$2,250.10",,,,Received 0.5 ETH
            a3,2024-02-10 18:30:00 UTC,Advanced Trade Sell,BTC,0.004,USD,"$47,100.55",$188.40,$187.50,$0.90,Sold 0.004 BTC
            a4,2024-03-01 00:00:00 UTC,Rewards Income,ETH,0.001,USD,"$3,400.00",$3.40,$3.40,$0.00,Received 0.001 ETH

            """);

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Equal(
            [("a1", "BTC/USD", Side.Buy, 0.01m, 42500.00m, 6.37m), ("a3", "BTC/USD", Side.Sell, 0.004m, 47100.55m, 0.90m)],
            set.Fills.Select(f => (f.Id, f.Symbol, f.Side, f.Quantity, f.Price, f.Fee)));
        Assert.Equal(new DateTimeOffset(2024, 1, 3, 14, 2, 11, TimeSpan.Zero), set.Fills[0].Timestamp);
        Assert.Equal(["report.id=a2", "report.id=a4"], set.Rejections.Select(r => r.SourceRef));
        Assert.Contains(set.Warnings, w => w.Contains("before the table's header (line 6)", StringComparison.Ordinal));
    }

    [Fact]
    public void records_that_end_with_one_more_comma_than_the_header_keep_the_first_line_as_header()
    {
        // Every record one field wider than the header: the first record and the second match in width, but they
        // hold values, not titles.
        var path = _folder.WriteFile("trailing.csv", """
            symbol,side,qty,price,time
            BTC/USDT,buy,1,100,2026-01-02T10:00:00Z,
            BTC/USDT,sell,1,110,2026-01-02T11:00:00Z,

            """);

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Equal([(Side.Buy, 100m), (Side.Sell, 110m)], set.Fills.Select(f => (f.Side, f.Price)));
        Assert.DoesNotContain(set.Warnings, w => w.Contains("before the table's header", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("$42,500.00", "42500.00")]
    [InlineData("$42500.5", "42500.5")]
    [InlineData("-$5.10", null)]
    [InlineData("€12", "12")]
    [InlineData("1,234,567.25", "1234567.25")]
    [InlineData("1,5", null)]
    [InlineData("1,500", null)]
    [InlineData("64.000,5", null)]
    [InlineData("$1,50", null)]
    [InlineData("12,34.5", null)]
    [InlineData("$", null)]
    public void money_is_read_where_its_grouping_cannot_be_a_decimal_comma(string text, string? expected)
    {
        var path = _folder.WriteFile("money.csv", $"symbol,side,qty,fee,price,time\nBTC/USD,buy,1,0,\"{text}\",2024-01-01T00:00:00Z\n");

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        if (expected is null)
        {
            Assert.Empty(set.Fills);
            Assert.Contains(text, Assert.Single(set.Rejections).Reason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(set.Fills).Price);
        }
    }

    [Theory]
    [InlineData("Advanced Trade Buy", Side.Buy)]
    [InlineData("Market Sell", Side.Sell)]
    [InlineData("buy_to_cover", Side.Buy)]
    [InlineData("SELL-SHORT", Side.Sell)]
    [InlineData("Sell Buy", null)]
    [InlineData("Receive", null)]
    [InlineData("Rewards Income", null)]
    [InlineData("Buyback", null)]
    public void a_transaction_type_that_starts_or_ends_with_buy_or_sell_is_that_side(string type, Side? expected)
    {
        var path = _folder.WriteFile("types.csv", $"symbol,type,qty,price,time\nBTC/USD,{type},1,100,2024-01-01T00:00:00Z\n");

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Equal(expected, set.Fills.Select(f => (Side?)f.Side).SingleOrDefault());
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
            BTC/USDT,buy,1,"64.000,5",2026-01-02T10:00:00Z
            BTC/USDT,buy,1
            BTC/USDT,buy,1,64000,2026-01-02T11:00:00Z
            """);

        var set = new CsvTradesReader().Read(path, new ImportOptions());

        Assert.Single(set.Fills);
        Assert.Contains(set.Rejections, r => r.SourceRef.EndsWith("=1", StringComparison.Ordinal) && r.Reason.Contains("64.000,5", StringComparison.Ordinal));
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
