using System.Data.Common;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Import.Writing;

/// <summary>
/// Checks, after an import committed, that the store holds the source's fills: per bot and symbol the
/// count, quantity and fees must match, each fill either written by this batch or already present.
/// The store's fills are streamed past an index of the source's, so that a large import is checked
/// without holding a second copy of every fill in memory.
/// </summary>
public sealed class ImportVerifier(TradebookDatabase database)
{
    public ImportVerification Verify(long batchId, ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);

        // Each distinct source fill (the first of its bot and id) gets a slot; each bot and symbol a group.
        var slots = new Dictionary<(string Bot, string Id), int>(set.Fills.Count);
        var fills = new List<FillRecord>(set.Fills.Count);
        var groupOfSlot = new List<int>(set.Fills.Count);
        var groups = new List<Group>();
        var groupIndex = new Dictionary<(string Bot, string Symbol), int>();
        var symbols = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fill in set.Fills)
        {
            if (!slots.TryAdd((fill.Bot, fill.Id), fills.Count))
            {
                continue;
            }

            if (!symbols.TryGetValue(fill.Symbol, out var symbol))
            {
                symbol = Symbol.Parse(fill.Symbol).Text;
                symbols[fill.Symbol] = symbol;
            }

            if (!groupIndex.TryGetValue((fill.Bot, symbol), out var g))
            {
                g = groups.Count;
                groupIndex[(fill.Bot, symbol)] = g;
                groups.Add(new Group(fill.Bot, symbol));
            }

            var group = groups[g];
            group.Slots.Add(fills.Count);
            group.SourceQuantity += fill.Quantity;
            group.SourceFees += fill.Fee;
            fills.Add(fill);
            groupOfSlot.Add(g);
        }

        var found = new bool[fills.Count];
        var strays = new List<(string Bot, string Id)>();
        database.Run(connection =>
        {
            foreach (var bot in groups.Select(g => g.Bot).Distinct(StringComparer.Ordinal))
            {
                foreach (var (id, quantity, fee, rowBatch) in StoredFills(connection, bot))
                {
                    if (!slots.TryGetValue((bot, id), out var slot))
                    {
                        if (rowBatch == batchId)
                        {
                            strays.Add((bot, id));
                        }

                        continue;
                    }

                    found[slot] = true;
                    var group = groups[groupOfSlot[slot]];
                    if (rowBatch == batchId)
                    {
                        group.Inserted++;
                    }
                    else
                    {
                        group.Existing++;
                    }

                    group.StoredQuantity += quantity;
                    group.StoredFees += fee;
                }
            }

            return 0;
        });

        var problems = new List<string>();
        var lines = new List<VerificationLine>(groups.Count);
        foreach (var group in groups.OrderBy(g => g.Bot, StringComparer.Ordinal).ThenBy(g => g.Symbol, StringComparer.Ordinal))
        {
            foreach (var slot in group.Slots.Where(s => !found[s]))
            {
                problems.Add($"fill '{fills[slot].Id}' of bot '{group.Bot}' is not in the store");
            }

            var line = new VerificationLine(group.Bot, group.Symbol, group.Slots.Count, group.SourceQuantity, group.SourceFees, group.Inserted, group.Existing, group.StoredQuantity, group.StoredFees);
            if (!line.Ok)
            {
                problems.Add($"{line.Bot} {line.Symbol}: source {line.SourceFills} fills, quantity {line.SourceQuantity}, fees {line.SourceFees}; store {line.Inserted} new + {line.Existing} earlier, quantity {line.StoredQuantity}, fees {line.StoredFees}");
            }

            lines.Add(line);
        }

        problems.AddRange(strays.Select(s => $"fill '{s.Id}' of bot '{s.Bot}' was written by this batch but is not in the source"));
        return new ImportVerification(problems.Count == 0, lines, problems);
    }

    // Quantities and fees are summed here in decimal: SQL SUM over SQLite text would go through floating point.
    private static IEnumerable<(string Id, decimal Quantity, decimal Fee, long? BatchId)> StoredFills(DbConnection connection, string bot)
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
            yield return (reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetInt64OrNull(3));
        }
    }

    /// <summary>One bot and symbol's sums, source side and store side.</summary>
    private sealed class Group(string bot, string symbol)
    {
        public string Bot { get; } = bot;

        public string Symbol { get; } = symbol;

        public List<int> Slots { get; } = [];

        public decimal SourceQuantity { get; set; }

        public decimal SourceFees { get; set; }

        public int Inserted { get; set; }

        public int Existing { get; set; }

        public decimal StoredQuantity { get; set; }

        public decimal StoredFees { get; set; }
    }
}
