using System.Globalization;
using Microsoft.Data.Sqlite;
using static Tradebook.Import.Doctor.SqliteQueries;

namespace Tradebook.Import.Doctor;

/// <summary>
/// Finds the column that identifies a row across copies of a database: a text column named like an
/// id (order_id, *_uuid, id...) whose values are mostly distinct. Integer row ids are not used: two
/// copies number their rows independently, so equal integers say nothing.
/// </summary>
internal static class NaturalKeys
{
    private static readonly HashSet<string> SpecificNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "order_id", "trade_id", "fill_id", "exchange_order_id", "client_order_id", "exchange_trade_id",
        "transaction_id", "tx_id", "txid", "tx_hash", "external_id",
    };

    public static string? Find(SqliteConnection connection, TableShape table, long rows)
    {
        if (rows == 0)
        {
            return null;
        }

        foreach (var column in table.Columns.Select(c => c.Name).Where(n => Rank(n) >= 0).OrderBy(Rank))
        {
            var c = Q(column);
            var stats = Rows(connection, $"SELECT COUNT({c}), SUM(typeof({c}) = 'text'), COUNT(DISTINCT {c}) FROM {Q(table.Name)}")[0];
            var nonNull = Convert.ToInt64(stats[0], CultureInfo.InvariantCulture);
            var text = Convert.ToInt64(stats[1] ?? 0L, CultureInfo.InvariantCulture);
            var distinct = Convert.ToInt64(stats[2], CultureInfo.InvariantCulture);

            // Mostly text, and distinct enough to identify rows (copies may repeat a row, so not fully unique).
            if (nonNull > 0 && text * 10 >= nonNull * 9 && distinct * 10 >= nonNull * 3)
            {
                return column;
            }
        }

        return null;
    }

    /// <summary>Lower is a better key name; -1 is not a key name.</summary>
    private static int Rank(string name)
    {
        var lower = name.ToLowerInvariant();
        if (lower is "uuid" or "guid" or "uid" || lower.EndsWith("_uuid", StringComparison.Ordinal) || lower.EndsWith("_guid", StringComparison.Ordinal)
            || lower.EndsWith("_uid", StringComparison.Ordinal))
        {
            return 0;
        }

        if (SpecificNames.Contains(lower))
        {
            return 1;
        }

        if (lower.EndsWith("_id", StringComparison.Ordinal) || (lower.EndsWith("id", StringComparison.Ordinal) && lower.Length > 2 && char.IsUpper(name[^2])))
        {
            return 2;
        }

        return lower == "id" ? 3 : -1;
    }
}
