using System.Globalization;
using System.Text;
using Tradebook.Import.Tests.GenericTrades;

namespace Tradebook.Import.Tests.Workflow;

/// <summary>A generated trades table (a generic-table source) of two bots and two symbols, in time order.</summary>
internal static class GeneratedTrades
{
    public static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);

    public static ScratchDatabase Table(int rows)
    {
        var sql = new StringBuilder("""
            CREATE TABLE bots (id INTEGER PRIMARY KEY, name TEXT, mode TEXT);
            INSERT INTO bots VALUES (1, 'grid', 'paper'), (2, 'swing', 'paper');
            CREATE TABLE trades (id INTEGER PRIMARY KEY, bot_id INTEGER REFERENCES bots(id), pair TEXT, side TEXT, amount TEXT, price TEXT, fee REAL, timestamp TEXT);
            BEGIN;
            """);
        var random = new Random(7);
        for (var i = 0; i < rows; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO trades (bot_id, pair, side, amount, price, fee, timestamp) VALUES {Row(i, random)};\n");
        }

        sql.Append("COMMIT;");
        return new ScratchDatabase(sql.ToString());
    }

    /// <summary>Adds one more trade after the others, as a bot would.</summary>
    public static void AddTrade(ScratchDatabase source, int index) =>
        source.Execute($"INSERT INTO trades (bot_id, pair, side, amount, price, fee, timestamp) VALUES {Row(index, new Random(index))};");

    private static string Row(int i, Random random) => string.Create(
        CultureInfo.InvariantCulture,
        $"({1 + (i % 2)}, '{(i % 3 == 0 ? "BTC/USDT" : "ETH/USDT")}', '{(random.Next(2) == 0 ? "buy" : "sell")}', '{random.Next(1, 300) / 100m}', '{100 + random.Next(100)}', 0.01, '{Start.AddMinutes(i):yyyy-MM-dd HH:mm:ss}')");
}
