using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tradebook.Import.Doctor;

/// <summary>Recognises which bot software wrote a database, and which generation of its schema, from tables and columns.</summary>
internal static class SchemaRecogniser
{
    public static SchemaGeneration Recognise(SqliteConnection connection, IReadOnlyList<TableShape> tables)
    {
        if (tables.Count == 0)
        {
            return new SchemaGeneration("empty", null, ["no tables"]);
        }

        TableShape? Table(string name) => tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

        if (Table("schema_migrations") is { } migrations && migrations.Has("version") && migrations.Has("checksum"))
        {
            var version = SqliteQueries.Scalar(connection, "SELECT MAX(version) FROM schema_migrations");
            var text = Convert.ToString(version, CultureInfo.InvariantCulture);
            return new SchemaGeneration("tradebook", text is null ? "no migration applied" : $"migration {text}", ["schema_migrations(version, checksum)"]);
        }

        if (Table("trades") is { } trades && trades.Has("pair") && trades.Has("open_rate"))
        {
            return Freqtrade(trades, Table("orders") is not null);
        }

        if (Table("TradeFill") is { } fills && Table("Order") is not null)
        {
            var evidence = new List<string> { "TradeFill", "Order" };
            evidence.AddRange(new[] { "OrderStatus", "MarketState", "RangePositionUpdate", "Position", "Executors", "Controllers" }
                .Where(n => Table(n) is not null));
            var generation = Table("Executors") is not null ? "with executors (V2 strategies)"
                : fills.Has("position") ? "with position column (perpetuals)"
                : "classic";
            return new SchemaGeneration("hummingbot", generation, evidence);
        }

        return new SchemaGeneration("unknown", null, []);
    }

    private static SchemaGeneration Freqtrade(TableShape trades, bool hasOrders)
    {
        var evidence = new List<string> { "trades(pair, open_rate)" };
        foreach (var column in new[] { "close_profit_abs", "is_short", "leverage", "trading_mode", "record_version" })
        {
            if (trades.Has(column))
            {
                evidence.Add($"trades.{column}");
            }
        }

        if (hasOrders)
        {
            evidence.Add("orders table");
        }

        // Freqtrade added the orders table first and short/leverage columns later; the record_version column later still.
        var generation = !hasOrders ? "before orders table (trades only)"
            : !trades.Has("is_short") ? "orders table, spot only (no is_short)"
            : !trades.Has("record_version") ? "orders table with margin/futures (is_short)"
            : "orders table with margin/futures and record_version";
        return new SchemaGeneration("freqtrade", generation, evidence);
    }
}
