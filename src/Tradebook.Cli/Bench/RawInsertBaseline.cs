using System.Diagnostics;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Cli.Bench;

/// <summary>
/// The yardstick: the same fill rows inserted with one prepared statement in one transaction into a
/// table of the same columns and natural key, on the same durability profile, with no accounting.
/// </summary>
internal static class RawInsertBaseline
{
    public static double RowsPerSecond(string path, IReadOnlyList<FillRecord> fills)
    {
        using var connection = SqliteConnections.Open(SqliteConnections.ConnectionString(path));
        using (var create = connection.Command(null, """
            CREATE TABLE raw_fills (
                id INTEGER PRIMARY KEY, bot_id INTEGER NOT NULL, external_id TEXT NOT NULL, instrument_id INTEGER NOT NULL,
                side TEXT NOT NULL, quantity TEXT NOT NULL, price TEXT NOT NULL, fee TEXT NOT NULL, fee_currency TEXT,
                ts TEXT NOT NULL, UNIQUE (bot_id, external_id))
            """))
        {
            create.ExecuteNonQuery();
        }

        var watch = Stopwatch.StartNew();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.Command(transaction, "INSERT INTO raw_fills (bot_id, external_id, instrument_id, side, quantity, price, fee, fee_currency, ts) VALUES (1, @id, 1, @side, @qty, @price, @fee, @currency, @ts)");
        var id = insert.Add("@id");
        var side = insert.Add("@side");
        var qty = insert.Add("@qty");
        var price = insert.Add("@price");
        var fee = insert.Add("@fee");
        var currency = insert.Add("@currency");
        var ts = insert.Add("@ts");
        insert.Prepare();
        foreach (var f in fills)
        {
            id.Value = f.Id;
            side.Value = f.Side == Side.Buy ? "buy" : "sell";
            qty.Value = f.Quantity;
            price.Value = f.Price;
            fee.Value = f.Fee;
            currency.Value = f.FeeCurrency;
            ts.Value = f.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return fills.Count / watch.Elapsed.TotalSeconds;
    }
}
