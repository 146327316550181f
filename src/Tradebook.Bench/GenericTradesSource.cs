using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Bench;

/// <summary>
/// Writes a trades table as another bot would keep it, for the import benchmark: a bots table and a
/// trades table of several symbols per bot, amounts and prices as text, fees as REAL, ISO times.
/// The table's <c>id</c> is its row id, so every row is keyed by its content hash as real sources are.
/// </summary>
internal static class GenericTradesSource
{
    private static readonly string[] BotNames = ["grid-btc", "momentum", "mean-revert", "arb-desk"];

    /// <summary>
    /// The trades the table holds, as fills: generated again on each call, the same each time, so that a table
    /// of ten million rows is written and measured against without a list of them in memory.
    /// </summary>
    public static IEnumerable<FillRecord> Fills(int rows)
    {
        var generators = BotNames.Select((name, i) => new FillGenerator(101 + i, name, 6)).ToArray();
        for (var i = 0; i < rows; i++)
        {
            yield return generators[i % generators.Length].Next();
        }
    }

    /// <summary>Writes <paramref name="rows"/> trades (<see cref="Fills"/>) to a new database at <paramref name="path"/>.</summary>
    public static void Write(string path, int rows)
    {
        // A plain rollback-journal file, unpooled, so that nothing but the database file is left beside it.
        SqliteBootstrap.EnsureInitialized();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var create = connection.Command(null, """
            CREATE TABLE bots (id INTEGER PRIMARY KEY, name TEXT NOT NULL, strategy TEXT, exchange TEXT, mode TEXT);
            CREATE TABLE trades (
                id INTEGER PRIMARY KEY, bot_id INTEGER REFERENCES bots(id), pair TEXT NOT NULL, side TEXT NOT NULL,
                amount TEXT NOT NULL, price TEXT NOT NULL, fee REAL, fee_currency TEXT, timestamp TEXT NOT NULL);
            """))
        {
            create.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        for (var b = 0; b < BotNames.Length; b++)
        {
            using var bot = connection.Command(transaction, "INSERT INTO bots (id, name, strategy, exchange, mode) VALUES (@id, @name, @strategy, 'binance', 'paper')");
            bot.Add("@id", b + 1);
            bot.Add("@name", BotNames[b]);
            bot.Add("@strategy", BotNames[b].Replace("-", "_", StringComparison.Ordinal));
            bot.ExecuteNonQuery();
        }

        using var insert = connection.Command(transaction, "INSERT INTO trades (bot_id, pair, side, amount, price, fee, fee_currency, timestamp) VALUES (@bot, @pair, @side, @amount, @price, @fee, @currency, @ts)");
        var botId = insert.Add("@bot");
        var pair = insert.Add("@pair");
        var side = insert.Add("@side");
        var amount = insert.Add("@amount");
        var price = insert.Add("@price");
        var fee = insert.Add("@fee");
        var currency = insert.Add("@currency");
        var ts = insert.Add("@ts");
        insert.Prepare();
        foreach (var f in Fills(rows))
        {
            botId.Value = Array.IndexOf(BotNames, f.Bot) + 1;
            pair.Value = f.Symbol;
            side.Value = f.Side.ToText();
            amount.Value = f.Quantity.ToString(CultureInfo.InvariantCulture);
            price.Value = f.Price.ToString(CultureInfo.InvariantCulture);
            fee.Value = (double)f.Fee;
            currency.Value = f.FeeCurrency;
            ts.Value = f.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
