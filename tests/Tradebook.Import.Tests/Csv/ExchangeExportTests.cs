using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Csv;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Csv;

/// <summary>
/// Fill and order histories as exchanges and brokers export them, each with its own names and conventions: what was
/// executed rather than what was asked, fees paid written as negative amounts, a broker's compact times, sells
/// signed negative beside their side, a European spreadsheet's decimal commas. Each layout is read to the
/// figures the account moved by; before, each was refused whole or read with its fees turned into rebates.
/// </summary>
public sealed class ExchangeExportTests : IDisposable
{
    private readonly ScratchDatabase _folder = new("SELECT 1");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void a_broker_s_order_export_is_read_at_what_each_order_filled_not_what_it_asked()
    {
        // Alpaca: qty is what was ordered; the second order filled 6 of its 10 shares.
        var set = Read("orders.csv", """
            id,client_order_id,symbol,side,type,qty,filled_qty,filled_avg_price,status,filled_at
            o1,c1,AAPL,buy,market,10,10,185.20,filled,2024-01-02T15:00:00Z
            o2,c2,AAPL,sell,limit,10,6,190.10,partially_filled,2024-01-03T15:00:00Z
            o3,c3,AAPL,sell,limit,4,0,,canceled,
            """);

        Assert.Equal(
            [("o1", Side.Buy, 10m, 185.20m), ("o2", Side.Sell, 6m, 190.10m)],
            set.Fills.Select(f => (f.Id, f.Side, f.Quantity, f.Price)));
        Assert.Contains("status \"canceled\" is not a fill", Assert.Single(set.Rejections).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void an_execution_history_is_read_with_its_fee_s_coin()
    {
        // Bybit's execution history.
        var set = Read("executions.csv", """
            Symbol,Side,Exec Qty,Exec Price,Exec Fee,Fee Coin,Exec ID,Order ID,Trade Time
            SOLUSDT,Buy,10,100,0.006,SOL,e1,o1,2024-01-02 10:00:00
            SOLUSDT,Sell,9.994,110,0.0659604,USDT,e2,o2,2024-01-03 10:00:00
            """);

        Assert.Empty(set.Rejections);
        Assert.Equal(
            [("e1", 10m, 100m, 0.006m, "SOL", "o1"), ("e2", 9.994m, 110m, 0.0659604m, "USDT", "o2")],
            set.Fills.Select(f => (f.Id, f.Quantity, f.Price, f.Fee, f.FeeCurrency, f.OrderId)));
    }

    [Fact]
    public void kraken_s_trade_history_keeps_each_trade_s_order()
    {
        // Kraken names a trade "txid" and its order "ordertxid": the order was dropped, and an order filled in two
        // trades showed as two unrelated fills.
        var set = Read("kraken.csv", """
            "txid","ordertxid","pair","time","type","ordertype","price","cost","fee","vol","margin","misc","ledgers"
            "TA1","OA1","XXBTZUSD","2024-01-02 10:00:00.1234","buy","limit",42000.00000,21.00000,0.05460,0.00050000,0.00000,"","L1,L2"
            "TA2","OA1","XXBTZUSD","2024-01-02 10:00:01.5678","buy","limit",42000.00000,21.00000,0.05460,0.00050000,0.00000,"","L3,L4"
            "TA3","OA2","XXBTZUSD","2024-01-02 11:00:00.0000","sell","market",43000.00000,43.00000,0.11180,0.00100000,0.00000,"","L5,L6"
            """);

        Assert.Empty(set.Rejections);
        Assert.Equal([("TA1", "OA1"), ("TA2", "OA1"), ("TA3", "OA2")], set.Fills.Select(f => (f.Id, f.OrderId)));
    }

    [Fact]
    public void an_order_filled_in_parts_keeps_every_part_when_its_rows_are_named_by_the_order()
    {
        // KuCoin's trade history: no trade id, and an order's parts share its orderId. Before, the second part was
        // refused as the same key with other values.
        var set = Read("kucoin.csv", """
            tradeCreatedAt,orderId,symbol,side,price,size,funds,fee,liquidity,feeCurrency,orderType
            2024-01-02 10:00:00,k1,BTC-USDT,buy,42000,0.01,420,0.42,taker,USDT,market
            2024-01-02 10:00:01,k1,BTC-USDT,buy,42001,0.02,840.02,0.84,taker,USDT,market
            2024-01-03 10:00:00,k2,BTC-USDT,sell,43000,0.03,1290,1.29,taker,USDT,market
            """);

        Assert.Empty(set.Rejections);
        Assert.Equal([("k1", 0.01m), ("k1", 0.02m), ("k2", 0.03m)], set.Fills.Select(f => (f.OrderId!, f.Quantity)));
        Assert.Equal(3, set.Fills.Select(f => f.Id).Distinct().Count());
        Assert.DoesNotContain("key=", set.Source.Generation, StringComparison.Ordinal);
    }

    [Fact]
    public void ccxt_s_trades_are_read_with_their_amount_as_the_quantity_and_their_order()
    {
        var set = Read("mytrades.csv", """
            id,order,timestamp,datetime,symbol,type,side,takerOrMaker,price,amount,cost,fee.cost,fee.currency
            101,o1,1704189600000,2024-01-02T10:00:00.000Z,BTC/USDT,limit,buy,maker,42000,0.01,420,0.42,USDT
            """);

        var fill = Assert.Single(set.Fills);
        Assert.Equal(("101", "o1", 0.01m, 0.42m, "USDT"), (fill.Id, fill.OrderId, fill.Quantity, fill.Fee, fill.FeeCurrency));
    }

    [Fact]
    public void ccxt_s_trades_saved_by_pandas_keep_their_fees_whether_flattened_or_whole()
    {
        // pandas' json_normalize gives fee.cost beside the list of fees, and was read from the list (refused); a
        // DataFrame of the trades as they are keeps each fee as the repr of its dict (refused too).
        var flattened = Read("normalized.csv", """
            id,timestamp,symbol,order,side,price,amount,cost,fees,fee.cost,fee.currency,fee.rate
            1,1704189600000,BNB/USDT,o-1,buy,300.0,2.0,600.0,"[{'cost': 0.0015, 'currency': 'BNB', 'rate': 0.00075}]",0.0015,BNB,0.00075
            """);
        var whole = Read("frame.csv", """
            ,info,id,timestamp,datetime,symbol,order,type,side,takerOrMaker,price,amount,cost,fee,fees
            0,"{'id': '1'}",1,1704189600000,2024-01-02T10:00:00.000Z,BNB/USDT,o-1,limit,buy,maker,300.0,2.0,600.0,"{'cost': 0.0015, 'currency': 'BNB', 'rate': 0.00075}","[{'cost': 0.0015, 'currency': 'BNB', 'rate': None}]"
            1,"{'id': '2'}",2,1704193200000,2024-01-02T11:00:00.000Z,BNB/USDT,o-2,market,sell,taker,310.0,2.0,620.0,"{""cost"": 0.465, ""currency"": ""USDT""}","[]"
            2,"{'id': '3'}",3,1704196800000,2024-01-02T12:00:00.000Z,BNB/USDT,o-3,market,sell,taker,310.0,2.0,620.0,"[{'cost': 0.3, 'currency': 'USDT'}, {'cost': 0.001, 'currency': 'BNB'}]","[]"
            """);

        Assert.Equal([("1", 0.0015m, "BNB")], flattened.Fills.Select(f => (f.Id, f.Fee, f.FeeCurrency)));
        Assert.Equal([("1", 0.0015m, "BNB"), ("2", 0.465m, "USDT")], whole.Fills.Select(f => (f.Id, f.Fee, f.FeeCurrency)));
        Assert.Contains("is not a number", Assert.Single(whole.Rejections).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void a_broker_s_activity_report_is_read_by_its_transaction_code_with_quantity_over_amount()
    {
        // Robinhood: "Amount" is the cash that moved, "Quantity" the shares; a dividend row is no trade.
        var set = Read("activity.csv", """
            "Activity Date","Process Date","Settle Date","Instrument","Description","Trans Code","Quantity","Price","Amount"
            "1/2/2024","1/2/2024","1/4/2024","AAPL","Apple","Buy","10","$185.20","($1,852.00)"
            "1/4/2024","1/4/2024","1/4/2024","AAPL","Cash Div","CDIV","","","$2.40"
            """);

        var fill = Assert.Single(set.Fills);
        Assert.Equal((Side.Buy, 10m, 185.20m, new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero)), (fill.Side, fill.Quantity, fill.Price, fill.Timestamp));
        Assert.Contains("CDIV", Assert.Single(set.Rejections).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void an_export_without_a_price_has_it_derived_from_its_total_whatever_the_total_s_sign()
    {
        // Binance's spot history gives no price, only what was paid ("Total"); a broker signs the cash paid out.
        var set = Read("spot.csv", """
            Date(UTC),Market,Type,Amount,Total,Fee,Fee Coin
            2024-01-02 10:00:00,ETHUSDT,BUY,0.5,-1100.5,0.0005,ETH
            2024-01-03 10:00:00,ETHUSDT,SELL,0.4995,1148.85,1.14885,USDT
            """);

        Assert.Empty(set.Rejections);
        Assert.Equal([(Side.Buy, 0.5m, 2201m), (Side.Sell, 0.4995m, 2300m)], set.Fills.Select(f => (f.Side, f.Quantity, f.Price)));
    }

    [Fact]
    public void fees_written_as_negative_amounts_are_read_as_fees_paid_and_said_so()
    {
        // OKX's fill history writes what left the account negative: both fees were paid, in the coin received.
        var set = Read("fills.csv", """
            Trade ID,Order ID,Time,Instrument,Action,Filled Qty,Fill Price,Fee,Fee Unit
            t1,o1,2024-01-02 10:00:00,ETH-USDT,Buy,1,2200,-0.001,ETH
            t2,o2,2024-01-03 10:00:00,ETH-USDT,Sell,0.999,2300,-2.2977,USDT
            """);

        Assert.Equal([(0.001m, "ETH"), (2.2977m, "USDT")], set.Fills.Select(f => (f.Fee, f.FeeCurrency)));
        Assert.Contains("fees paid negative", set.Source.Generation, StringComparison.Ordinal);
        Assert.Contains(set.Warnings, w => w.Contains("writes the fees paid in fee as negative amounts", StringComparison.Ordinal)
            && w.Contains("\"fees_paid\": \"positive\"", StringComparison.Ordinal));
    }

    [Fact]
    public void fees_of_both_signs_are_read_as_written_a_negative_one_a_rebate()
    {
        var set = Read("maker.csv", """
            trade_id,symbol,side,qty,price,fee,time
            1,BTC/USDT,buy,1,100,0.05,2024-01-02T10:00:00Z
            2,BTC/USDT,sell,1,101,-0.01,2024-01-02T11:00:00Z
            """);

        Assert.Equal([0.05m, -0.01m], set.Fills.Select(f => f.Fee));
        Assert.DoesNotContain("fees paid negative", set.Source.Generation, StringComparison.Ordinal);
        Assert.DoesNotContain(set.Warnings, w => w.Contains("negative amounts", StringComparison.Ordinal));
    }

    [Fact]
    public void a_mapping_file_says_how_fees_are_written_over_what_their_signs_suggest()
    {
        // A market maker paid only rebates: the signs alone would read them as fees.
        var csv = _folder.WriteFile("rebates.csv", """
            trade_id,symbol,side,qty,price,fee,time
            1,BTC/USDT,buy,1,100,-0.01,2024-01-02T10:00:00Z
            2,BTC/USDT,sell,1,101,-0.01,2024-01-02T11:00:00Z
            """);
        var mapping = _folder.WriteFile("mapping.json", """{"fees_paid": "positive"}""");

        var set = new CsvTradesReader().Read(csv, new ImportOptions { MappingFile = mapping });

        Assert.Equal([-0.01m, -0.01m], set.Fills.Select(f => f.Fee));
        Assert.DoesNotContain(set.Warnings, w => w.Contains("negative amounts", StringComparison.Ordinal));
    }

    [Fact]
    public void a_broker_s_flex_report_is_read_with_its_compact_times_and_sells_signed_negative()
    {
        // Interactive Brokers: sells carry both a side and a negative quantity, commissions are negative, and
        // times are written yyyyMMdd;HHmmss. Before, every row was refused.
        var set = Read("flex.csv", """
            Symbol,Buy/Sell,Quantity,TradePrice,IBCommission,IBCommissionCurrency,DateTime,TradeID
            MSFT,BUY,5,370.5,-1.0,USD,20240102;093500,T1
            MSFT,SELL,-5,375.5,-1.25,USD,20240103;153000,T2
            """);

        Assert.Empty(set.Rejections);
        Assert.Equal(
            [
                (Side.Buy, 5m, 370.5m, 1.0m, "USD", new DateTimeOffset(2024, 1, 2, 9, 35, 0, TimeSpan.Zero)),
                (Side.Sell, 5m, 375.5m, 1.25m, "USD", new DateTimeOffset(2024, 1, 3, 15, 30, 0, TimeSpan.Zero)),
            ],
            set.Fills.Select(f => (f.Side, f.Quantity, f.Price, f.Fee, f.FeeCurrency, f.Timestamp)));
    }

    [Fact]
    public void a_buy_signed_negative_is_refused_as_its_side_and_sign_disagree()
    {
        var set = Read("contradiction.csv", """
            trade_id,symbol,side,qty,price,time
            1,BTC/USDT,buy,-1,100,2024-01-02T10:00:00Z
            """);

        Assert.Empty(set.Fills);
        Assert.Contains("negative for a buy", Assert.Single(set.Rejections).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("20240102", 2024, 1, 2, 0, 0, 0)]
    [InlineData("20240102093507", 2024, 1, 2, 9, 35, 7)]
    [InlineData("20240102 093507", 2024, 1, 2, 9, 35, 7)]
    [InlineData("20240102-09:35:07.250", 2024, 1, 2, 9, 35, 7)]
    [InlineData("2024-01-02, 09:35:07", 2024, 1, 2, 9, 35, 7)]
    public void a_date_written_compactly_is_read_as_the_date_it_spells_not_as_unix_time(string text, int year, int month, int day, int hour, int minute, int second)
    {
        var set = Read("compact.csv", $"""
            trade_id,symbol,side,qty,price,time
            1,MSFT,buy,1,100,"{text}"
            """);

        var time = Assert.Single(set.Fills).Timestamp;
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero), new DateTimeOffset(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
    }

    [Fact]
    public void a_spreadsheet_separated_by_semicolons_is_read_with_its_decimal_commas()
    {
        // Excel in much of Europe: semicolons between fields, commas in numbers, points grouping thousands. The
        // order ids hold a comma too, and stay as written.
        var set = Read("depot.csv", "\uFEFFtime;symbol;side;qty;price;fee;order_id\r\n"
            + "2024-01-02 10:00:00;BTC/EUR;buy;0,5;42.000,10;1,25;A-1,2\r\n"
            + "2024-01-03 10:00:00;BTC/EUR;sell;2;43000;0;A-3\r\n");

        Assert.Empty(set.Rejections);
        Assert.Equal([(0.5m, 42000.10m, 1.25m, "A-1,2"), (2m, 43000m, 0m, "A-3")], set.Fills.Select(f => (f.Quantity, f.Price, f.Fee, f.OrderId)));
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 10, 0, 0, TimeSpan.Zero), set.Fills[0].Timestamp);
        Assert.Contains(set.Warnings, w => w.Contains("decimals with a comma in qty, price, fee:", StringComparison.Ordinal));
    }

    [Fact]
    public void a_file_separated_by_commas_keeps_a_comma_in_a_quoted_field_as_written()
    {
        var set = Read("quoted.csv", """
            trade_id,symbol,side,qty,price,time
            "1,5",BTC/USDT,buy,1,100,2024-01-02T10:00:00Z
            """);

        Assert.Equal("1,5", Assert.Single(set.Fills).Id);
        Assert.DoesNotContain(set.Warnings, w => w.Contains("decimals with a comma", StringComparison.Ordinal));
    }

    private ImportSet Read(string name, string text) => new CsvTradesReader().Read(_folder.WriteFile(name, text), new ImportOptions());
}
