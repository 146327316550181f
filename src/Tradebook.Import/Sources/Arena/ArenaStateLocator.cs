using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tradebook.Import.Sources.Fragmented;
using Tradebook.Import.Sources.JsonFiles;

namespace Tradebook.Import.Sources.Arena;

/// <summary>The arena's JSON state, wherever it was persisted: any text column whose value is an object holding a list of bots.</summary>
internal sealed record ArenaState(string Table, string Column, int Rows, string Json);

internal static class ArenaStateLocator
{
    /// <summary>Scans every text-bearing column for a JSON document shaped like an arena state.</summary>
    public static ArenaState? Find(SqliteConnection connection)
    {
        foreach (var (table, columns) in SqliteFiles.Tables(connection))
        {
            if (!HoldsJsonObject(connection, table, columns))
            {
                continue;
            }

            foreach (var column in columns)
            {
                var found = FindIn(connection, table, column);
                if (found is not null)
                {
                    return found;
                }
            }
        }

        return null;
    }

    /// <summary>The property of the state holding the bots: an array of objects with an orders array.</summary>
    public static JsonElement? BotsOf(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array
                && property.Value.GetArrayLength() > 0
                && property.Value.EnumerateArray().All(IsBot))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static bool IsBot(JsonElement bot) =>
        bot.ValueKind == JsonValueKind.Object
        && JsonValues.Find(bot, "orders") is { ValueKind: JsonValueKind.Array }
        && (JsonValues.Has(bot, "portfolio", "positions") || JsonValues.Has(bot, "botLogs", "logs", "decisionLogs"));

    /// <summary>
    /// Whether the table's newest rows hold any value that starts like a JSON object. The state is the
    /// newest such row, so a table whose latest rows hold none is ruled out without reading it all: a
    /// million-row table of trades costs a look at its last rows, not a scan per column.
    /// </summary>
    private static bool HoldsJsonObject(SqliteConnection connection, string table, IReadOnlyList<string> columns)
    {
        if (columns.Count == 0)
        {
            return false;
        }

        var tests = columns.Select(SqliteFiles.Quote).Select(c => $"(typeof({c}) = 'text' AND ltrim(substr({c}, 1, 64)) LIKE '{{%')");
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 1 FROM (SELECT * FROM {SqliteFiles.Quote(table)} ORDER BY rowid DESC LIMIT 100) WHERE {string.Join(" OR ", tests)} LIMIT 1";
        try
        {
            return command.ExecuteScalar() is not null;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private static ArenaState? FindIn(SqliteConnection connection, string table, string column)
    {
        var quotedTable = SqliteFiles.Quote(table);
        var quotedColumn = SqliteFiles.Quote(column);
        using var command = connection.CreateCommand();

        // Only rows whose value looks like a JSON object are parsed; the newest row wins when several exist.
        command.CommandText = $$"""
            SELECT {{quotedColumn}} FROM {{quotedTable}}
            WHERE typeof({{quotedColumn}}) = 'text' AND ltrim({{quotedColumn}}) LIKE '{%'
            ORDER BY rowid DESC
            """;
        string? newest = null;
        var rows = 0;
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var text = reader.GetString(0);
                if (!LooksLikeState(text))
                {
                    continue;
                }

                rows++;
                newest ??= text;
            }
        }
        catch (SqliteException)
        {
            // A WITHOUT ROWID table or a virtual table: not where a state blob lives.
            return null;
        }

        return newest is null ? null : new ArenaState(table, column, rows, newest);
    }

    private static bool LooksLikeState(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return BotsOf(document.RootElement) is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
