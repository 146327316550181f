namespace Tradebook.Storage.Transfer;

/// <summary>
/// What a column holds, whatever the engine stores it as: SQLite keeps decimals and timestamps as
/// text, PostgreSQL as NUMERIC and TIMESTAMPTZ. The kind decides how a value is converted and checked.
/// </summary>
public enum ColumnKind
{
    Integer,
    Decimal,
    Timestamp,
    Text,
}
