using System.Globalization;
using System.Text.Json;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Imports;

/// <summary>One import as the store recorded it: what it read, when, its state, and what it inserted.</summary>
public sealed record ImportBatchRow(
    long Id,
    string Source,
    string Format,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Status,
    IReadOnlyDictionary<string, int> Inserted,
    bool? Verified);

/// <summary>The store's import batches, newest first, so that a user can find the one to roll back.</summary>
public static class ImportBatches
{
    public static IReadOnlyList<ImportBatchRow> List(TradebookDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.Run(connection =>
        {
            using var command = connection.Command(null, "SELECT id, source, format, started_at, finished_at, status, report FROM import_batches ORDER BY id DESC");
            using var reader = command.ExecuteReader();
            var rows = new List<ImportBatchRow>();
            while (reader.Read())
            {
                var (inserted, verified) = Summary(reader.GetStringOrNull(6));
                rows.Add(new ImportBatchRow(
                    Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                    reader.GetString(1),
                    reader.GetString(2),
                    TradebookDatabase.ReadTimestamp(reader.GetValue(3)),
                    TradebookDatabase.ReadTimestampOrNull(reader.GetValue(4)),
                    reader.GetString(5),
                    inserted,
                    verified));
            }

            return rows;
        });
    }

    /// <summary>Rows inserted per kind and the verification's verdict, from the report stored with the batch.</summary>
    private static (IReadOnlyDictionary<string, int> Inserted, bool? Verified) Summary(string? report)
    {
        var inserted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (report is null)
        {
            return (inserted, null);
        }

        try
        {
            using var document = JsonDocument.Parse(report);
            var root = document.RootElement;
            if (root.TryGetProperty("kinds", out var kinds) && kinds.ValueKind == JsonValueKind.Object)
            {
                foreach (var kind in kinds.EnumerateObject())
                {
                    if (kind.Value.TryGetProperty("inserted", out var count) && count.TryGetInt32(out var n) && n > 0)
                    {
                        inserted[kind.Name] = n;
                    }
                }
            }

            bool? verified = root.TryGetProperty("verification", out var verification) && verification.ValueKind == JsonValueKind.Object
                && verification.TryGetProperty("ok", out var ok) && ok.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? ok.GetBoolean()
                    : null;
            return (inserted, verified);
        }
        catch (JsonException)
        {
            // A report Tradebook did not write (edited by hand): the batch is still listed, without figures.
            return (inserted, null);
        }
    }
}
