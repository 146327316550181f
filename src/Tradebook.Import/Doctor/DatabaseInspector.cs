using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;
using static Tradebook.Import.Doctor.SqliteQueries;

namespace Tradebook.Import.Doctor;

internal sealed record InspectedDatabase(DatabaseReport Report, IReadOnlyList<KeyedRows> Keys);

/// <summary>Reads one SQLite database (never in a way that can change it) into a <see cref="DatabaseReport"/>.</summary>
internal static class DatabaseInspector
{
    /// <summary>Tables larger than this are not held in memory for cross-copy comparison.</summary>
    private const int MaxKeyedRows = 500_000;

    public static InspectedDatabase Inspect(string path, string relativePath, FileSignature signature, DateTimeOffset now)
    {
        var info = new FileInfo(path);
        var companions = new[] { "-wal", "-shm", "-journal" }
            .Where(s => File.Exists(path + s))
            .Select(s => new CompanionFile(s, path + s, new FileInfo(path + s).Length))
            .ToList();
        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);

        DatabaseReport Failed(string error, bool fromCopy) => new(
            path, relativePath, info.Length, modified, companions, fromCopy, signature.Header?.WrittenBy, signature.Header?.WrittenByNumber ?? 0,
            null, signature.HeaderSaysWal, signature.PageSize, 0, 0, 0, [], 0, new SchemaGeneration("unknown", null, []), [], [], null, error);

        ReadOnlyDatabase database;
        try
        {
            database = ReadOnlyDatabase.Open(path);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            return new InspectedDatabase(Failed(e.Message, false), []);
        }

        using (database)
        {
            try
            {
                return Read(database, path, relativePath, info.Length, modified, companions, signature, now);
            }
            catch (SqliteException e)
            {
                // A damaged file (truncated, overwritten) fails somewhere in the reads; the report says where.
                return new InspectedDatabase(Failed(e.Message, database.FromCopy), []);
            }
        }
    }

    private static InspectedDatabase Read(
        ReadOnlyDatabase database,
        string path,
        string relativePath,
        long size,
        DateTimeOffset modified,
        IReadOnlyList<CompanionFile> companions,
        FileSignature signature,
        DateTimeOffset now)
    {
        var connection = database.Connection;
        var condition = SqliteCondition.Examine(connection);
        var tables = TableShape.ReadAll(connection);

        var tableReports = new List<TableReport>();
        var keyed = new List<KeyedRows>();
        foreach (var table in tables)
        {
            var (tableReport, keys) = ReadTable(connection, table, now);
            tableReports.Add(tableReport);
            if (keys is not null)
            {
                keyed.Add(keys);
            }
        }

        var orphans = OrphanFinder.Find(connection, tables);
        var lastActivity = tableReports.Max(t => t.LastActivity);
        var report = new DatabaseReport(
            path, relativePath, size, modified, companions, database.FromCopy, signature.Header?.WrittenBy, signature.Header?.WrittenByNumber ?? 0,
            condition.JournalMode, signature.HeaderSaysWal, condition.PageSize, condition.PageCount, condition.FreePages, condition.FreePercent,
            condition.IntegrityProblems, condition.ForeignKeyViolations,
            SchemaRecogniser.Recognise(connection, tables), tableReports, orphans, lastActivity, null);
        return new InspectedDatabase(report, keyed);
    }

    private static (TableReport Report, KeyedRows? Keys) ReadTable(SqliteConnection connection, TableShape table, DateTimeOffset now)
    {
        var name = Q(table.Name);
        var rows = Long(connection, $"SELECT COUNT(*) FROM {name}");

        DateTimeOffset? last = null;
        string? lastColumn = null;
        foreach (var column in table.Columns.Where(c => Timestamps.IsTimestampColumn(c.Name, c.DeclaredType)))
        {
            if (Timestamps.Latest(connection, table.Name, column.Name, now) is { } value && (last is null || value > last))
            {
                last = value;
                lastColumn = column.Name;
            }
        }

        var primaryKey = table.PrimaryKey;
        var compared = table.Columns.Where(c => c.PrimaryKeyPosition == 0).Select(c => c.Name).ToList();
        long duplicates = 0;
        if (compared.Count > 0 && rows > 1)
        {
            var list = string.Join(", ", compared.Select(Q));
            duplicates = rows - Long(connection, $"SELECT COUNT(*) FROM (SELECT DISTINCT {list} FROM {name})");
        }

        var naturalKey = NaturalKeys.Find(connection, table, rows);
        long? distinctKeys = naturalKey is null ? null : Long(connection, $"SELECT COUNT(DISTINCT {Q(naturalKey)}) FROM {name}");
        KeyedRows? keys = null;
        if (naturalKey is not null && rows <= MaxKeyedRows)
        {
            keys = LoadKeys(connection, table, naturalKey, compared);
        }

        return (new TableReport(table.Name, rows, table.Columns.Select(c => c.Name).ToList(), primaryKey, last, lastColumn, duplicates, naturalKey, distinctKeys), keys);
    }

    private static KeyedRows LoadKeys(SqliteConnection connection, TableShape table, string keyColumn, IReadOnlyList<string> columns)
    {
        var isTimestamp = columns.Select(c => Timestamps.IsTimestampColumn(c, table.Find(c)?.DeclaredType ?? "")).ToArray();
        var select = string.Join(", ", new[] { keyColumn }.Concat(columns).Select(Q));
        using var command = Command(connection, $"SELECT {select} FROM {Q(table.Name)} WHERE {Q(keyColumn)} IS NOT NULL");
        using var reader = command.ExecuteReader();
        var byKey = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var key = Text(reader.GetValue(0))!;
            if (byKey.ContainsKey(key))
            {
                continue;
            }

            var values = new string?[columns.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var value = reader.IsDBNull(i + 1) ? null : reader.GetValue(i + 1);
                values[i] = isTimestamp[i] ? Timestamps.Normalise(value) : Text(value);
            }

            byKey[key] = values;
        }

        return new KeyedRows(table.Name, keyColumn, columns, byKey);
    }
}
