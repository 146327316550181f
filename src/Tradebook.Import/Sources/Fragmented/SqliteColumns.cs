using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Import.Sources.JsonFiles;

namespace Tradebook.Import.Sources.Fragmented;

/// <summary>Reads legacy columns whatever their storage class, into decimal, text and UTC time.</summary>
internal static class SqliteColumns
{
    /// <summary>
    /// REAL columns are read as double only here, at the boundary, and converted through the shortest
    /// round-trip text so that 0.1 stays 0.1 instead of its binary expansion.
    /// </summary>
    public static decimal? Decimal(SqliteDataReader reader, int ordinal)
    {
        if (ordinal < 0 || reader.IsDBNull(ordinal))
        {
            return null;
        }

        var value = reader.GetValue(ordinal);
        return value switch
        {
            long l => l,
            double d when double.IsFinite(d) => decimal.Parse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture),
            string s when decimal.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    public static string? Text(SqliteDataReader reader, int ordinal) =>
        ordinal < 0 || reader.IsDBNull(ordinal) ? null : Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        JsonValues.TryParseTimestamp(Text(reader, ordinal), out var time) ? time : null;

    /// <summary>Ordinal of the first column whose name is one of <paramref name="names"/> (case and separators aside), or -1.</summary>
    public static int Ordinal(SqliteDataReader reader, params string[] names)
    {
        foreach (var name in names)
        {
            var key = PortfolioColumns.Key(name);
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (PortfolioColumns.Key(reader.GetName(i)) == key)
                {
                    return i;
                }
            }
        }

        return -1;
    }
}
