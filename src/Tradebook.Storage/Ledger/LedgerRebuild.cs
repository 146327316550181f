using System.Data.Common;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Rebuilds the positions and rollups of some products from the fills and cash flows that remain,
/// after rows were removed (an import rolled back). The remaining rows are taken out and recorded
/// again through the same path that recorded them first, in their original order, so the result is
/// exactly what recording only those rows would have produced: there is no second accounting engine.
/// </summary>
public static class LedgerRebuild
{
    public static void RebuildProducts(TradebookDatabase database, DbConnection connection, DbTransaction transaction, IEnumerable<(long BotId, long InstrumentId)> products)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(products);
        foreach (var (botId, instrumentId) in products.Distinct().ToList())
        {
            var rows = ReadFills(connection, transaction, botId, instrumentId)
                .Concat(ReadCashFlows(connection, transaction, botId, instrumentId))
                .ToList();
            Clear(connection, transaction, botId, instrumentId);

            // One record call per original call (same recorded_at and batch), in the order they happened;
            // within a call fills come before cash flows, as the ledger applies them.
            var calls = rows
                .GroupBy(r => (r.RecordedAt, r.ImportBatchId))
                .OrderBy(g => g.Key.RecordedAt).ThenBy(g => g.Min(r => r.Order));
            foreach (var call in calls)
            {
                var batch = new LedgerBatch
                {
                    Fills = call.Where(r => r.Fill is not null).OrderBy(r => r.Order).Select(r => r.Fill!).ToList(),
                    CashFlows = call.Where(r => r.CashFlow is not null).OrderBy(r => r.Order).Select(r => r.CashFlow!).ToList(),
                };
                new LedgerSession(database, connection, transaction, call.Key.RecordedAt, call.Key.ImportBatchId).Record(batch);
            }
        }
    }

    private sealed record Row(long Order, DateTimeOffset RecordedAt, long? ImportBatchId, FillRecord? Fill, CashFlowRecord? CashFlow);

    private static List<Row> ReadFills(DbConnection connection, DbTransaction transaction, long botId, long instrumentId)
    {
        using var command = connection.Command(transaction, """
            SELECT f.id, b.name, f.external_id, i.symbol, f.side, f.quantity, f.price, f.fee, f.fee_currency, f.ts, o.client_order_id, f.fee_rate,
                   f.source, f.source_ref, f.bot_version, f.strategy_version, f.import_batch_id, f.recorded_at
            FROM fills f
            JOIN bots b ON b.id = f.bot_id
            JOIN instruments i ON i.id = f.instrument_id
            LEFT JOIN orders o ON o.id = f.order_id
            WHERE f.bot_id = @bot AND f.instrument_id = @instrument
            ORDER BY f.id
            """);
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            var fill = new FillRecord(
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4) == "buy" ? Side.Buy : Side.Sell,
                reader.GetDecimal(5),
                reader.GetDecimal(6),
                reader.GetDecimal(7),
                reader.GetStringOrNull(8),
                TradebookDatabase.ReadTimestamp(reader.GetValue(9)),
                reader.GetStringOrNull(10),
                reader.GetDecimalOrNull(11),
                ProvenanceOf(reader, 12));
            rows.Add(new Row(reader.GetInt64(0), TradebookDatabase.ReadTimestamp(reader.GetValue(17)), reader.GetInt64OrNull(16), fill, null));
        }

        return rows;
    }

    private static List<Row> ReadCashFlows(DbConnection connection, DbTransaction transaction, long botId, long instrumentId)
    {
        using var command = connection.Command(transaction, """
            SELECT c.id, b.name, c.external_id, c.kind, c.amount, c.currency, c.ts, i.symbol,
                   c.source, c.source_ref, c.bot_version, c.strategy_version, c.import_batch_id, c.recorded_at
            FROM cash_flows c
            JOIN bots b ON b.id = c.bot_id
            JOIN instruments i ON i.id = c.instrument_id
            WHERE c.bot_id = @bot AND c.instrument_id = @instrument
            ORDER BY c.id
            """);
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            var flow = new CashFlowRecord(
                reader.GetString(1),
                reader.GetString(2),
                EnumText.Parse<CashFlowKind>(reader.GetString(3)),
                reader.GetDecimal(4),
                reader.GetString(5),
                TradebookDatabase.ReadTimestamp(reader.GetValue(6)),
                reader.GetString(7),
                ProvenanceOf(reader, 8));
            rows.Add(new Row(reader.GetInt64(0), TradebookDatabase.ReadTimestamp(reader.GetValue(13)), reader.GetInt64OrNull(12), null, flow));
        }

        return rows;
    }

    private static Provenance? ProvenanceOf(DbDataReader reader, int first)
    {
        var provenance = new Provenance(reader.GetStringOrNull(first), reader.GetStringOrNull(first + 1), reader.GetStringOrNull(first + 2), reader.GetStringOrNull(first + 3));
        return provenance == Provenance.None ? null : provenance;
    }

    /// <summary>Removes the product's rows and everything derived from them; references first, then what they point at.</summary>
    private static void Clear(DbConnection connection, DbTransaction transaction, long botId, long instrumentId)
    {
        string[] statements =
        [
            "DELETE FROM fills WHERE bot_id = @bot AND instrument_id = @instrument",
            "DELETE FROM cash_flows WHERE bot_id = @bot AND instrument_id = @instrument",
            "DELETE FROM product_rollups WHERE bot_id = @bot AND instrument_id = @instrument",
            "DELETE FROM daily_rollups WHERE bot_id = @bot AND instrument_id = @instrument",
            "DELETE FROM unconverted_fees WHERE bot_id = @bot AND instrument_id = @instrument",
            "DELETE FROM position_lots WHERE position_id IN (SELECT id FROM positions WHERE bot_id = @bot AND instrument_id = @instrument)",
            "DELETE FROM positions WHERE bot_id = @bot AND instrument_id = @instrument",
        ];
        foreach (var sql in statements)
        {
            using var command = connection.Command(transaction, sql);
            command.Add("@bot", botId);
            command.Add("@instrument", instrumentId);
            command.ExecuteNonQuery();
        }
    }
}
