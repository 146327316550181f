using System.Data.Common;
using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Reads;

/// <summary>
/// How a round trip is read, for <c>tradebook trades</c> and the server alike: its stored figures, and its
/// product's count of fills at price 0, which decides through Core whether its P&amp;L and fees can be shown.
/// </summary>
internal static class RoundTripRows
{
    /// <summary>The columns and joins; the caller adds WHERE, ORDER BY and LIMIT over <c>p</c>, <c>b</c> and <c>i</c>.</summary>
    public const string Select = """
        SELECT p.id, b.name, b.mode, i.symbol, p.direction, p.status, p.opened_at, p.closed_at, p.max_quantity, p.realized_pnl, p.fees,
               (SELECT count(*) FROM fills f WHERE f.position_id = p.id), COALESCE(r.unpriced_fills, 0)
        FROM positions p
        JOIN bots b ON b.id = p.bot_id
        JOIN instruments i ON i.id = p.instrument_id
        LEFT JOIN product_rollups r ON r.bot_id = p.bot_id AND r.instrument_id = p.instrument_id
        """;

    public static List<TradeRow> Read(DbCommand command)
    {
        var rows = new List<TradeRow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var unknown = UnknownPnl.Of(Convert.ToInt32(reader.GetValue(12), CultureInfo.InvariantCulture));
            rows.Add(new TradeRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                StoredTime.Read(reader.GetValue(6)), StoredTime.ReadOrNull(reader.GetValue(7)),
                reader.GetDecimal(8), UnknownPnl.Known(reader.GetDecimal(9), unknown), UnknownPnl.Known(reader.GetDecimal(10), unknown),
                Convert.ToInt32(reader.GetValue(11), CultureInfo.InvariantCulture), unknown));
        }

        return rows;
    }
}
