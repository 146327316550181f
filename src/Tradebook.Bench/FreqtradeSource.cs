using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Bench;

/// <summary>
/// Writes a freqtrade database (its 2022 generation: <c>trades</c> and <c>orders</c>) for the import benchmark: one
/// strategy on six pairs, trades one after another, each closed by one entry and one exit order (two fills) but
/// the last, still open. Each trade stores the profit its orders made, as freqtrade does.
/// </summary>
internal static class FreqtradeSource
{
    private const int Pairs = 6;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One trade as the database holds it.</summary>
    private readonly record struct Trade(int Id, string Pair, bool IsOpen, decimal Amount, decimal Entry, decimal Exit, DateTimeOffset Open, DateTimeOffset Close)
    {
        public decimal Profit => ((Exit - Entry) * Amount) - (Entry * Amount * 0.001m) - (Exit * Amount * 0.001m);
    }

    /// <summary>The fills the import makes of <paramref name="trades"/> trades: what the raw-insert baseline writes.</summary>
    public static IEnumerable<FillRecord> Fills(int trades)
    {
        foreach (var trade in Trades(trades))
        {
            yield return new FillRecord("freqtrade", $"ex-{(2 * trade.Id) - 1}", trade.Pair, Side.Buy, trade.Amount, trade.Entry, trade.Entry * trade.Amount * 0.001m, "USDT", trade.Open);
            if (!trade.IsOpen)
            {
                yield return new FillRecord("freqtrade", $"ex-{2 * trade.Id}", trade.Pair, Side.Sell, trade.Amount, trade.Exit, trade.Exit * trade.Amount * 0.001m, "USDT", trade.Close);
            }
        }
    }

    /// <summary>Fills of <paramref name="trades"/> trades: two a trade, one for the open one.</summary>
    public static int FillCount(int trades) => (2 * trades) - 1;

    /// <summary>Writes <paramref name="trades"/> trades and their orders to a new database at <paramref name="path"/>.</summary>
    public static void Write(string path, int trades)
    {
        // A plain rollback-journal file, unpooled, so that nothing but the database file is left beside it.
        SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var create = connection.Command(null, """
            CREATE TABLE trades (id INTEGER PRIMARY KEY, exchange VARCHAR, pair VARCHAR, stake_currency VARCHAR, is_open BOOLEAN,
              fee_open FLOAT, fee_close FLOAT, open_rate FLOAT, close_rate FLOAT, close_profit_abs FLOAT, realized_profit FLOAT,
              stake_amount FLOAT, amount FLOAT, open_date DATETIME, close_date DATETIME, strategy VARCHAR, is_short BOOLEAN,
              amount_precision FLOAT, precision_mode INTEGER);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, ft_trade_id INTEGER, ft_order_side VARCHAR, ft_pair VARCHAR, order_id VARCHAR,
              status VARCHAR, order_type VARCHAR, side VARCHAR, price FLOAT, average FLOAT, amount FLOAT, filled FLOAT, cost FLOAT,
              order_date DATETIME, order_filled_date DATETIME);
            """))
        {
            create.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var insertTrade = Prepared(connection, transaction, """
            INSERT INTO trades VALUES (@id, 'binance', @pair, 'USDT', @open, 0.001, 0.001, @entry, @exit, @profit, @realized, @stake, @amount, @opened, @closed, 'bench', 0, 0.0001, 2)
            """, "@id", "@pair", "@open", "@entry", "@exit", "@profit", "@realized", "@stake", "@amount", "@opened", "@closed");
        using var insertOrder = Prepared(connection, transaction, """
            INSERT INTO orders VALUES (@id, @trade, @side, @pair, @order, 'closed', 'limit', @side, @price, @price, @amount, @amount, @cost, @at, @at)
            """, "@id", "@trade", "@side", "@pair", "@order", "@price", "@amount", "@cost", "@at");
        foreach (var trade in Trades(trades))
        {
            Run(insertTrade, trade.Id, trade.Pair, trade.IsOpen ? 1 : 0, (double)trade.Entry, trade.IsOpen ? null : (double)trade.Exit, trade.IsOpen ? null : (double)trade.Profit,
                trade.IsOpen ? 0d : (double)trade.Profit, (double)(trade.Entry * trade.Amount), (double)trade.Amount, Time(trade.Open), trade.IsOpen ? null : Time(trade.Close));
            Run(insertOrder, (2 * trade.Id) - 1, trade.Id, "buy", trade.Pair, $"ex-{(2 * trade.Id) - 1}", (double)trade.Entry, (double)trade.Amount, (double)(trade.Entry * trade.Amount), Time(trade.Open));
            if (!trade.IsOpen)
            {
                Run(insertOrder, 2 * trade.Id, trade.Id, "sell", trade.Pair, $"ex-{2 * trade.Id}", (double)trade.Exit, (double)trade.Amount, (double)(trade.Exit * trade.Amount), Time(trade.Close));
            }
        }

        transaction.Commit();
    }

    /// <summary>Trades of 0.5 to 2.4 units at prices that walk, an hour apart per pair, each closed half an hour after it opened.</summary>
    private static IEnumerable<Trade> Trades(int trades)
    {
        var random = new Random(17);
        var prices = Enumerable.Range(0, Pairs).Select(i => 100m + (i * 25m)).ToArray();
        for (var i = 1; i <= trades; i++)
        {
            var pair = i % Pairs;
            var entry = prices[pair];
            var exit = decimal.Round(entry * (1m + (random.Next(-50, 51) / 10_000m)), 2);
            prices[pair] = Math.Max(1m, exit);
            var open = Start.AddMinutes(i * 2);
            yield return new Trade(i, $"P{pair}/USDT", i == trades, 0.5m + (random.Next(0, 20) / 10m), entry, exit, open, open.AddMinutes(1));
        }
    }

    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static SqliteCommand Prepared(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }
}
