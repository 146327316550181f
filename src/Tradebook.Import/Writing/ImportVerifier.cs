using System.Data.Common;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Import.Writing;

/// <summary>
/// Checks, after an import committed, that the store holds the source's fills: per bot and symbol the
/// count, quantity and fees must match, each fill either written by this batch or already present.
/// </summary>
public sealed class ImportVerifier(TradebookDatabase database)
{
    public ImportVerification Verify(long batchId, ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var source = set.Fills
            .GroupBy(f => (f.Bot, f.Id))
            .Select(g => g.First())
            .ToList();
        var stored = database.Run(connection => StoredFills(connection, source.Select(f => f.Bot).Distinct(StringComparer.Ordinal).ToList()));
        var problems = new List<string>();
        var lines = new List<VerificationLine>();
        foreach (var group in source.GroupBy(f => (f.Bot, Symbol: Symbol.Parse(f.Symbol).Text)).OrderBy(g => g.Key.Bot, StringComparer.Ordinal).ThenBy(g => g.Key.Symbol, StringComparer.Ordinal))
        {
            int inserted = 0, existing = 0;
            decimal quantity = 0, fees = 0;
            foreach (var fill in group)
            {
                if (!stored.TryGetValue((fill.Bot, fill.Id), out var row))
                {
                    problems.Add($"fill '{fill.Id}' of bot '{fill.Bot}' is not in the store");
                    continue;
                }

                if (row.BatchId == batchId)
                {
                    inserted++;
                }
                else
                {
                    existing++;
                }

                quantity += row.Quantity;
                fees += row.Fee;
            }

            var line = new VerificationLine(group.Key.Bot, group.Key.Symbol, group.Count(), group.Sum(f => f.Quantity), group.Sum(f => f.Fee), inserted, existing, quantity, fees);
            if (!line.Ok)
            {
                problems.Add($"{line.Bot} {line.Symbol}: source {line.SourceFills} fills, quantity {line.SourceQuantity}, fees {line.SourceFees}; store {line.Inserted} new + {line.Existing} earlier, quantity {line.StoredQuantity}, fees {line.StoredFees}");
            }

            lines.Add(line);
        }

        var sourceKeys = source.Select(f => (f.Bot, f.Id)).ToHashSet();
        var strays = stored.Where(s => s.Value.BatchId == batchId && !sourceKeys.Contains(s.Key)).Select(s => s.Key).ToList();
        problems.AddRange(strays.Select(s => $"fill '{s.Id}' of bot '{s.Bot}' was written by this batch but is not in the source"));
        return new ImportVerification(problems.Count == 0, lines, problems);
    }

    private sealed record StoredFill(decimal Quantity, decimal Fee, long? BatchId);

    // Quantities and fees are summed here in decimal: SQL SUM over SQLite text would go through floating point.
    private static Dictionary<(string Bot, string Id), StoredFill> StoredFills(DbConnection connection, IReadOnlyList<string> bots)
    {
        var rows = new Dictionary<(string Bot, string Id), StoredFill>();
        foreach (var bot in bots)
        {
            using var command = connection.Command(null, """
                SELECT f.external_id, f.quantity, f.fee, f.import_batch_id
                FROM fills f JOIN bots b ON b.id = f.bot_id
                WHERE b.name = @bot
                """);
            command.Add("@bot", bot);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows[(bot, reader.GetString(0))] = new StoredFill(reader.GetDecimal(1), reader.GetDecimal(2), reader.GetInt64OrNull(3));
            }
        }

        return rows;
    }
}
