namespace Tradebook.Storage.Transfer;

/// <summary>One column to copy: its kind, and the PostgreSQL integer width when the target needs one.</summary>
public sealed record TransferColumn(string Name, ColumnKind Kind, string? PostgresType = null);

/// <summary>One table to copy, with its columns in schema order.</summary>
public sealed record TransferTable(string Name, IReadOnlyList<TransferColumn> Columns);

/// <summary>The tables of the Tradebook schema in foreign-key order (parents first), and what the source holds beyond them.</summary>
public sealed record TransferPlan(int SchemaVersion, IReadOnlyList<TransferTable> Tables, IReadOnlyList<string> Warnings);
