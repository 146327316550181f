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
    bool? Verified,
    ImportBatchReconciliation? Reconciliation = null,
    ImportBatchProblems? Problems = null);

/// <summary>
/// The P&amp;L the source stored against what Tradebook computed from the imported fills, over all bots of the
/// batch, as the import's report kept it; absent when the source stores no P&amp;L of its own.
/// </summary>
/// <param name="Differing">Trades whose difference is more than the source's rounding (each explained in the report).</param>
/// <param name="Unexplained">The part of the difference no known cause explains.</param>
public sealed record ImportBatchReconciliation(int Trades, decimal Stored, decimal Computed, decimal Difference, int Differing, decimal Unexplained);

/// <summary>Rows of the source that could not all be right, as the import's report named them.</summary>
/// <param name="Rows">Rows named, over all problems.</param>
/// <param name="Products">The bots and products whose P&amp;L rests on them.</param>
public sealed record ImportBatchProblems(int Rows, IReadOnlyList<string> Products);

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
                var (inserted, verified, reconciliation, problems) = Summary(reader.GetStringOrNull(6));
                rows.Add(new ImportBatchRow(
                    Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                    reader.GetString(1),
                    reader.GetString(2),
                    StoredTime.Read(reader.GetValue(3)),
                    StoredTime.ReadOrNull(reader.GetValue(4)),
                    reader.GetString(5),
                    inserted,
                    verified,
                    reconciliation,
                    problems));
            }

            return rows;
        });
    }

    /// <summary>Rows inserted per kind, the verification's verdict, the reconciliation and the source's problems, from the report stored with the batch.</summary>
    private static (IReadOnlyDictionary<string, int> Inserted, bool? Verified, ImportBatchReconciliation? Reconciliation, ImportBatchProblems? Problems) Summary(string? report)
    {
        var inserted = new SortedDictionary<string, int>(StringComparer.Ordinal);
        if (report is null)
        {
            return (inserted, null, null, null);
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
            return (inserted, verified, Reconciliation(root), Problems(root));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            // A report Tradebook did not write (edited by hand): the batch is still listed, without figures.
            return (inserted, null, null, null);
        }
    }

    /// <summary>The reconciliation's total over all bots (the row whose bot is "*").</summary>
    private static ImportBatchReconciliation? Reconciliation(JsonElement root)
    {
        if (!root.TryGetProperty("reconciliation", out var reconciliation) || reconciliation.ValueKind != JsonValueKind.Object
            || !reconciliation.TryGetProperty("totals", out var totals) || totals.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var total in totals.EnumerateArray())
        {
            if (total.TryGetProperty("bot", out var bot) && bot.GetString() == "*")
            {
                return new ImportBatchReconciliation(
                    total.GetProperty("trades").GetInt32(),
                    total.GetProperty("stored").GetDecimal(),
                    total.GetProperty("computed").GetDecimal(),
                    total.GetProperty("difference").GetDecimal(),
                    total.GetProperty("differing").GetInt32(),
                    total.GetProperty("unexplained").GetDecimal());
            }
        }

        return null;
    }

    private static ImportBatchProblems? Problems(JsonElement root)
    {
        if (!root.TryGetProperty("problems", out var problems) || problems.ValueKind != JsonValueKind.Array || problems.GetArrayLength() == 0)
        {
            return null;
        }

        var products = root.TryGetProperty("unreliable_products", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(p => p.GetString() ?? "").ToList()
            : [];
        return new ImportBatchProblems(problems.EnumerateArray().Sum(p => p.TryGetProperty("rows", out var rows) ? rows.GetInt32() : 0), products);
    }
}
