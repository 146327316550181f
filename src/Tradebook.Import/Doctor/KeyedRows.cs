namespace Tradebook.Import.Doctor;

/// <summary>
/// The rows of one table indexed by their natural key, kept in memory while a group of copies is
/// compared. Values are normalised text (timestamps as instants) so that two writers' formats compare equal.
/// </summary>
internal sealed record KeyedRows(string Table, string KeyColumn, IReadOnlyList<string> Columns, IReadOnlyDictionary<string, string?[]> FirstRowByKey);
