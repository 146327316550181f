namespace Tradebook.Storage.Schema;

/// <summary>The shape of a schema as the catalog reports it, comparable between two databases of one engine.</summary>
public sealed record SchemaModel(IReadOnlyDictionary<string, TableShape> Tables);

/// <summary>
/// A table's columns, primary key (its columns in key order), other indexes and foreign keys, each
/// described by shape rather than generated name.
/// </summary>
public sealed record TableShape(
    string Name,
    IReadOnlyList<ColumnShape> Columns,
    IReadOnlyList<string> PrimaryKey,
    IReadOnlySet<string> Indexes,
    IReadOnlySet<string> ForeignKeys);

public sealed record ColumnShape(string Name, string Type, bool NotNull);
