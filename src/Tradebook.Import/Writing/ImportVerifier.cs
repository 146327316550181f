using System.Data.Common;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Import.Writing;

/// <summary>
/// Checks, after an import committed, that the store holds the source's fills: per bot and symbol the
/// count, quantity and fees must match, each fill either written by this batch or already present.
/// The store's fills are streamed past an index of the source's (<see cref="SourceFills"/>), so that a
/// large import is checked without holding a second copy of every fill in memory.
/// </summary>
public sealed class ImportVerifier(TradebookDatabase database)
{
    public ImportVerification Verify(long batchId, ImportSet set) => Verify(batchId, SourceFills.Of(set));

    /// <summary>Checks the store against <paramref name="source"/>, built beforehand (see <see cref="SourceFills.Of"/>).</summary>
    public ImportVerification Verify(long batchId, SourceFills source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (slots, fills, groupOfSlot, groups) = (source.Slots, source.Fills, source.GroupOfSlot, source.Groups);
        var stored = groups.Select(_ => new StoredSums()).ToArray();
        var found = new bool[fills.Count];
        var strays = new List<(string Bot, string Id)>();
        void Check(string bot, Dictionary<string, int> ofBot, DbDataReader reader)
        {
            var id = reader.GetString(1);
            var rowBatch = reader.GetInt64OrNull(2);
            if (!ofBot.TryGetValue(id, out var slot))
            {
                if (rowBatch == batchId)
                {
                    strays.Add((bot, id));
                }

                return;
            }

            found[slot] = true;
            var group = stored[groupOfSlot[slot]];
            if (rowBatch == batchId)
            {
                group.Inserted++;
            }
            else
            {
                group.Existing++;
            }

            // Summed here in decimal: SQL SUM over SQLite text would go through floating point.
            group.Quantity += reader.GetDecimal(3);
            group.Fees += reader.GetDecimal(4);
        }

        database.Run(connection =>
        {
            var bots = BotIds(connection, slots);

            // When the source is a good part of the store, one pass over the fills table in storage order
            // beats fetching each bot's fills through its index, row by row, all over the table.
            if (fills.Count * 4L >= LastFillId(connection))
            {
                using var scan = connection.Command(null, "SELECT bot_id, external_id, import_batch_id, quantity, fee FROM fills");
                using var reader = scan.ExecuteReader();
                while (reader.Read())
                {
                    if (bots.TryGetValue(reader.GetInt64(0), out var bot))
                    {
                        Check(bot.Name, bot.Slots, reader);
                    }
                }

                return 0;
            }

            foreach (var (botId, bot) in bots)
            {
                using var command = connection.Command(null, "SELECT bot_id, external_id, import_batch_id, quantity, fee FROM fills WHERE bot_id = @bot");
                command.Add("@bot", botId);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    Check(bot.Name, bot.Slots, reader);
                }
            }

            return 0;
        });

        var problems = new List<string>();
        var lines = new List<VerificationLine>(groups.Count);
        foreach (var (group, sums) in groups.Zip(stored).OrderBy(g => g.First.Bot, StringComparer.Ordinal).ThenBy(g => g.First.Symbol, StringComparer.Ordinal))
        {
            foreach (var slot in group.Slots.Where(s => !found[s]))
            {
                problems.Add($"fill '{fills[slot].Id}' of bot '{group.Bot}' is not in the store");
            }

            var line = new VerificationLine(group.Bot, group.Symbol, group.Slots.Count, group.Quantity, group.Fees, sums.Inserted, sums.Existing, sums.Quantity, sums.Fees);
            if (!line.Ok)
            {
                problems.Add($"{line.Bot} {line.Symbol}: source {line.SourceFills} fills, quantity {line.SourceQuantity}, fees {line.SourceFees}; store {line.Inserted} new + {line.Existing} earlier, quantity {line.StoredQuantity}, fees {line.StoredFees}");
            }

            lines.Add(line);
        }

        problems.AddRange(strays.Select(s => $"fill '{s.Id}' of bot '{s.Bot}' was written by this batch but is not in the source"));
        return new ImportVerification(problems.Count == 0, lines, problems);
    }

    /// <summary>The store's id of each source bot it holds; a bot it lacks has no fills to find.</summary>
    private static Dictionary<long, (string Name, Dictionary<string, int> Slots)> BotIds(DbConnection connection, Dictionary<string, Dictionary<string, int>> slots)
    {
        var ids = new Dictionary<long, (string, Dictionary<string, int>)>();
        using var command = connection.Command(null, "SELECT id, name FROM bots");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (slots.TryGetValue(reader.GetString(1), out var ofBot))
            {
                ids[reader.GetInt64(0)] = (reader.GetString(1), ofBot);
            }
        }

        return ids;
    }

    private static long LastFillId(DbConnection connection)
    {
        using var command = connection.Command(null, "SELECT COALESCE(MAX(id), 0) FROM fills");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One bot and symbol's fills as the store holds them.</summary>
    private sealed class StoredSums
    {
        public int Inserted { get; set; }

        public int Existing { get; set; }

        public decimal Quantity { get; set; }

        public decimal Fees { get; set; }
    }
}
