using System.Globalization;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Transfer;

/// <summary>Turns a value read from the source into the parameter the target stores for the same meaning.</summary>
public static class ValueConversion
{
    /// <summary>
    /// The value to bind on <paramref name="target"/>. Decimals travel as their exact text (PostgreSQL
    /// casts it to NUMERIC, SQLite keeps it), timestamps through <see cref="StoredTime.Parameter(SqlEngine, DateTimeOffset)"/>
    /// so that they take the target's own form. Throws <see cref="FormatException"/> on a value that
    /// does not fit its column.
    /// </summary>
    public static object ToTarget(object? raw, TransferColumn column, TradebookDatabase target)
    {
        if (raw is null or DBNull)
        {
            return DBNull.Value;
        }

        return column.Kind switch
        {
            ColumnKind.Integer when target.Engine == SqlEngine.Postgres && column.PostgresType == "INTEGER" => Convert.ToInt32(raw, CultureInfo.InvariantCulture),
            ColumnKind.Integer when target.Engine == SqlEngine.Postgres && column.PostgresType == "SMALLINT" => Convert.ToInt16(raw, CultureInfo.InvariantCulture),
            ColumnKind.Integer => Convert.ToInt64(raw, CultureInfo.InvariantCulture),
            ColumnKind.Decimal => Decimal(raw) is not null ? Text(raw) : throw new FormatException($"'{raw}' is not a decimal number"),
            ColumnKind.Timestamp => target.Timestamp(StoredTime.Read(raw)),
            _ => Text(raw),
        };
    }

    /// <summary>An exact number from a stored value: SQLite's text, PostgreSQL's NUMERIC read as text, or a number.</summary>
    public static ExactDecimal? Decimal(object raw) => raw switch
    {
        string s => ExactDecimal.TryParse(s, out var d) ? d : null,
        decimal m => ExactDecimal.TryParse(m.ToString(CultureInfo.InvariantCulture), out var d) ? d : null,
        long or int or short => new ExactDecimal(Convert.ToInt64(raw, CultureInfo.InvariantCulture), 0),
        _ => null,
    };

    public static string Text(object raw) => raw switch
    {
        string s => s,
        long or int or short or decimal => Convert.ToString(raw, CultureInfo.InvariantCulture)!,
        _ => throw new FormatException($"a {raw.GetType().Name} value where text was expected"),
    };
}
