using System.Globalization;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;

namespace Tradebook.Import.Tests.GenericTrades;

/// <summary>A REAL reads as the decimal of its shortest round-trip text, digits and scale alike, whatever path reads it.</summary>
public sealed class RealValuesTests
{
    [Fact]
    public void reals_read_as_their_shortest_round_trip_text()
    {
        var random = new Random(5);
        var values = new List<double> { 0.1, 0.2, 0.3, 0.1 + 0.2, 1, 100, 60000.5, 1e-5, 1e-9, 1e-12, 123456.789, 12345.678901234567, 1e14, 1e16, 0.000123, 2.5e-7, 1.0 / 3 };
        for (var i = 0; i < 400; i++)
        {
            var digits = random.Next(0, 9);
            values.Add(Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-3, 7)), digits));
            values.Add(random.NextDouble() * Math.Pow(10, random.Next(-8, 10)));
        }

        values = values.Where(v => v > 0).ToList();
        using var db = new ScratchDatabase("CREATE TABLE trades (id INTEGER PRIMARY KEY, trade_id TEXT, symbol TEXT, side TEXT, qty REAL, price REAL, time TEXT);");
        using (var connection = db.Open())
        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO trades (trade_id, symbol, side, qty, price, time) VALUES ('t' || (SELECT COUNT(*) FROM trades), 'BTC/USDT', 'buy', $v, 1, '2024-03-01 10:00:00')";
            var parameter = insert.Parameters.Add("$v", Microsoft.Data.Sqlite.SqliteType.Real);
            foreach (var value in values)
            {
                parameter.Value = value;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        var set = new GenericTradesReader().Read(db.Path, new ImportOptions());

        Assert.Equal(values.Count, set.Fills.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var expected = decimal.Parse(values[i].ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), set.Fills[i].Quantity.ToString(CultureInfo.InvariantCulture));
        }
    }
}
