using System.Globalization;
using System.Text;
using Tradebook.Import.Reconciliation;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Tests.Freqtrade;
using Tradebook.Import.Tests.GenericTrades;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Tests.Writing;

/// <summary>
/// A freqtrade database streams like a trades table: its fills, orders and stored trades go through the stream,
/// none is kept in the set, and the report (reconciliation, problems, counts, verification) says exactly what it
/// says of the same database read whole.
/// </summary>
public sealed class BoundedFreqtradeImportTests
{
    private const int Chunk = 64;
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// A 2022-generation database of one strategy on two pairs, trades one after another, each one entry and one exit
    /// order; every third trade stores a profit 1 USDT off what its orders made, and the last one is still open.
    /// </summary>
    internal static ScratchDatabase Generated(int trades)
    {
        var sql = new StringBuilder("""
            CREATE TABLE trades (id INTEGER PRIMARY KEY, exchange VARCHAR, pair VARCHAR, stake_currency VARCHAR, is_open BOOLEAN,
              fee_open FLOAT, fee_close FLOAT, open_rate FLOAT, close_rate FLOAT, close_profit_abs FLOAT, realized_profit FLOAT,
              stake_amount FLOAT, amount FLOAT, open_date DATETIME, close_date DATETIME, strategy VARCHAR, is_short BOOLEAN,
              amount_precision FLOAT, precision_mode INTEGER);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, ft_trade_id INTEGER, ft_order_side VARCHAR, ft_pair VARCHAR, order_id VARCHAR,
              status VARCHAR, order_type VARCHAR, side VARCHAR, price FLOAT, average FLOAT, amount FLOAT, filled FLOAT, cost FLOAT,
              order_date DATETIME, order_filled_date DATETIME);
            """);
        string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        for (var i = 1; i <= trades; i++)
        {
            var pair = i % 2 == 0 ? "BTC/USDT" : "ETH/USDT";
            var open = Start.AddHours(i);
            var close = open.AddMinutes(30);
            var amount = 1m + (i % 5) / 10m;
            var entry = 100m + (i % 7);
            var exit = entry + (i % 3) - 1;
            var isOpen = i == trades;
            var profit = (exit - entry) * amount - (entry * amount * 0.001m) - (exit * amount * 0.001m) + (i % 3 == 0 ? 1 : 0);
            sql.Append(CultureInfo.InvariantCulture, $"""
                INSERT INTO trades VALUES ({i}, 'binance', '{pair}', 'USDT', {(isOpen ? 1 : 0)}, 0.001, 0.001, {entry}, {(isOpen ? "NULL" : exit)},
                  {(isOpen ? "NULL" : profit)}, {(isOpen ? 0 : profit)}, {entry * amount}, {amount}, '{Time(open)}', {(isOpen ? "NULL" : $"'{Time(close)}'")}, 'S1', 0, 1, 2);
                INSERT INTO orders VALUES ({2 * i - 1}, {i}, 'buy', '{pair}', 'ex-{2 * i - 1}', 'closed', 'limit', 'buy', {entry}, {entry}, {amount}, {amount}, {entry * amount}, '{Time(open)}', '{Time(open)}');

                """);
            if (!isOpen)
            {
                sql.Append(CultureInfo.InvariantCulture, $"""
                    INSERT INTO orders VALUES ({2 * i}, {i}, 'sell', '{pair}', 'ex-{2 * i}', 'closed', 'limit', 'sell', {exit}, {exit}, {amount}, {amount}, {exit * amount}, '{Time(close)}', '{Time(close)}');

                    """);
            }
        }

        // An order of no stored trade: rejected, as read whole.
        sql.Append("INSERT INTO orders VALUES (999999, 424242, 'buy', 'BTC/USDT', 'ex-orphan', 'closed', 'limit', 'buy', 1, 1, 1, 1, 1, '2024-05-01 00:00:00', NULL);");
        return new ScratchDatabase(sql.ToString());
    }

    [Fact]
    public void a_large_freqtrade_database_streams_without_the_set_holding_its_fills_orders_or_trades()
    {
        const int Trades = 8 * Chunk;
        using var source = Generated(Trades);
        var reader = new FreqtradeReader();
        using var wholeStore = new TempStore();
        var whole = new ImportWriter(wholeStore.Database, TempStore.Clock).Write(reader.Read(source.Path, new ImportOptions()));
        using var streamStore = new TempStore();
        ImportSet? read = null;

        var streamed = new ImportWriter(streamStore.Database, TempStore.Clock) { StreamChunkSize = Chunk }
            .Write(source.Path, reader.Format, stream => read = reader.Read(source.Path, new ImportOptions(), stream));

        Assert.NotNull(read);
        Assert.Empty(read.Fills);
        Assert.Empty(read.Orders);
        Assert.Empty(read.ReportedTrades);
        Assert.Equal(2 * Trades - 1, read.Streamed.Count);
        Assert.Equal(2 * Trades - 1, read.Streamed.Orders);
        Assert.Equal(2, read.Streamed.SettingsSent);

        // Every trade is counted; per bot, the first hundred that differ and the first hundred that agree are listed.
        var reconciliation = streamed.Reconciliation!;
        Assert.Equal(Trades, reconciliation.Overall.Trades);
        Assert.Equal(Trades / 3, reconciliation.Overall.Differing);
        Assert.Equal(2 * ReconciliationReport.MaxListed, reconciliation.Trades.Count);
        Assert.Equal(Trades - 2 * ReconciliationReport.MaxListed, reconciliation.TradesNotListed);
        Assert.Equal(Trades / 3, reconciliation.Overall.Stored - reconciliation.Overall.Computed);

        Assert.Equal(Json(whole.Reconciliation), Json(streamed.Reconciliation));
        Assert.Equal(Json(whole.Problems), Json(streamed.Problems));
        Assert.Equal(Json(whole.Kinds), Json(streamed.Kinds));
        Assert.Equal(Json(whole.Bots), Json(streamed.Bots));
        Assert.Equal(whole.Warnings, streamed.Warnings);
        Assert.Equal(whole.Rejections, streamed.Rejections);
        Assert.True(streamed.Verification!.Ok, string.Join("; ", streamed.Verification.Problems));
        Assert.Equal(Json(whole.Verification!.Lines), Json(streamed.Verification.Lines));
    }

    [Theory]
    [MemberData(nameof(RealDbs.FreqtradeCases), MemberType = typeof(RealDbs))]
    public void a_real_freqtrade_database_streamed_reports_what_it_reports_read_whole(string file)
    {
        var path = RealDbs.PathOf(file);
        var reader = new FreqtradeReader();
        using var wholeStore = new TempStore();
        var whole = new ImportWriter(wholeStore.Database, TempStore.Clock).Write(reader.Read(path, new ImportOptions()));
        using var streamStore = new TempStore();

        // Runs of 8 fills: each database is streamed in several runs.
        var streamed = new ImportWriter(streamStore.Database, TempStore.Clock) { StreamChunkSize = 8 }
            .Write(path, reader.Format, stream => reader.Read(path, new ImportOptions(), stream));

        Assert.Equal(Json(whole with { BatchId = null, Verification = null }), Json(streamed with { BatchId = null, Verification = null }));
        Assert.True(streamed.Verification!.Ok, string.Join("; ", streamed.Verification.Problems));
        Assert.Equal(Json(whole.Verification!.Lines), Json(streamed.Verification.Lines));
        Assert.Equal(Pnl(wholeStore), Pnl(streamStore));
    }

    private static string Pnl(TempStore store) =>
        Json(new Tradebook.Storage.Ledger.LedgerReader(store.Database).Pnl(new Tradebook.Storage.Ledger.ReportFilter(AllModes: true), Tradebook.Storage.Ledger.PnlGrouping.Product));

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, ImportWriter.ReportJson);
}
