using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Tradebook.Import.Sources;
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
        var found = new bool[fills.Count];
        var (bots, lastFillId) = database.Run(connection => (BotIds(connection, slots), LastFillId(connection)));
        const string Select = "SELECT bot_id, external_id, import_batch_id, quantity, fee FROM fills";
        List<string> queries;
        if (fills.Count * 4L >= lastFillId)
        {
            // When the source is a good part of the store, passes over the fills table in storage order beat
            // fetching each bot's fills through its index, row by row, all over the table. Two halves of the
            // table are read at once, on two connections: a large import's read-back is CPU-bound.
            var half = lastFillId / 2;
            queries = [string.Create(CultureInfo.InvariantCulture, $"{Select} WHERE id <= {half}"), string.Create(CultureInfo.InvariantCulture, $"{Select} WHERE id > {half}")];
        }
        else
        {
            queries = [.. bots.Keys.Select(id => string.Create(CultureInfo.InvariantCulture, $"{Select} WHERE bot_id = {id}"))];
        }

        // Each pass tallies on its own; a fill's slot is found by one pass only, as (bot, id) is unique.
        var tallies = queries.AsParallel().AsOrdered().Select(sql =>
        {
            var tally = new Tally(batchId, bots, found, groupOfSlot, groups.Count);
            database.Run(connection =>
            {
                Scan(connection, sql, tally.Check);
                return 0;
            });
            return tally;
        }).ToList();
        var stored = Enumerable.Range(0, groups.Count).Select(g => StoredSums.Sum(tallies.Select(t => t.Stored[g]))).ToArray();
        var strays = tallies.SelectMany(t => t.Strays).ToList();

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
    private static Dictionary<long, StoreBot> BotIds(DbConnection connection, Dictionary<string, Dictionary<string, int>> slots)
    {
        var ids = new Dictionary<long, StoreBot>();
        using var command = connection.Command(null, "SELECT id, name FROM bots");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            if (slots.TryGetValue(reader.GetString(1), out var ofBot))
            {
                ids[reader.GetInt64(0)] = new StoreBot(reader.GetString(1), ofBot.GetAlternateLookup<ReadOnlySpan<char>>());
            }
        }

        return ids;
    }

    /// <summary>
    /// Hands each row of <paramref name="sql"/> (bot id, fill id, batch, quantity, fee) to <paramref name="row"/>.
    /// On SQLite the ids and decimals are read from SQLite's UTF-8 text, without a string per row: a large
    /// import's verification reads every fill it wrote.
    /// </summary>
    private static void Scan(DbConnection connection, string sql, FillRow row)
    {
        if (connection is SqliteConnection sqlite)
        {
            using var rows = new SqliteRows(sqlite, sql);
            Span<char> id = stackalloc char[256];
            while (rows.Read())
            {
                var text = rows.Type(1) == SQLitePCL.raw.SQLITE_TEXT ? rows.Utf8(1) : Encoding.UTF8.GetBytes(rows.String(1));
                var chars = Encoding.UTF8.GetMaxCharCount(text.Length) <= id.Length ? id[..Encoding.UTF8.GetChars(text, id)] : Encoding.UTF8.GetString(text).AsSpan();
                row(rows.Int64(0), chars, rows.IsNull(2) ? null : rows.Int64(2), Decimal(rows, 3), Decimal(rows, 4));
            }

            return;
        }

        using var command = connection.Command(null, sql);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            row(reader.GetInt64(0), reader.GetString(1), reader.GetInt64OrNull(2), reader.GetDecimal(3), reader.GetDecimal(4));
        }
    }

    /// <summary>A stored decimal, parsed as Microsoft.Data.Sqlite's GetDecimal parses it.</summary>
    private static decimal Decimal(SqliteRows rows, int ordinal) =>
        rows.Type(ordinal) == SQLitePCL.raw.SQLITE_TEXT
            ? decimal.Parse(rows.Utf8(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
            : decimal.Parse(rows.String(ordinal), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);

    private delegate void FillRow(long botId, ReadOnlySpan<char> id, long? batch, decimal quantity, decimal fee);

    /// <summary>A source bot as the store holds it: its name, and its fills' slots looked up by id without a string.</summary>
    private sealed record StoreBot(string Name, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> Slots);

    private static long LastFillId(DbConnection connection)
    {
        using var command = connection.Command(null, "SELECT COALESCE(MAX(id), 0) FROM fills");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>What one pass over stored fills found: sums per group, and fills of the batch the source lacks.</summary>
    private sealed class Tally(long batchId, Dictionary<long, StoreBot> bots, bool[] found, List<int> groupOfSlot, int groups)
    {
        public StoredSums[] Stored { get; } = [.. Enumerable.Range(0, groups).Select(_ => new StoredSums())];

        public List<(string Bot, string Id)> Strays { get; } = [];

        public void Check(long botId, ReadOnlySpan<char> id, long? rowBatch, decimal quantity, decimal fee)
        {
            if (!bots.TryGetValue(botId, out var bot))
            {
                return;
            }

            if (!bot.Slots.TryGetValue(id, out var slot))
            {
                if (rowBatch == batchId)
                {
                    Strays.Add((bot.Name, new string(id)));
                }

                return;
            }

            found[slot] = true;
            var group = Stored[groupOfSlot[slot]];
            if (rowBatch == batchId)
            {
                group.Inserted++;
            }
            else
            {
                group.Existing++;
            }

            // Summed here in decimal: SQL SUM over SQLite text would go through floating point.
            group.Quantity += quantity;
            group.Fees += fee;
        }
    }

    /// <summary>One bot and symbol's fills as the store holds them.</summary>
    private sealed class StoredSums
    {
        public static StoredSums Sum(IEnumerable<StoredSums> parts)
        {
            var sum = new StoredSums();
            foreach (var part in parts)
            {
                sum.Inserted += part.Inserted;
                sum.Existing += part.Existing;
                sum.Quantity += part.Quantity;
                sum.Fees += part.Fees;
            }

            return sum;
        }

        public int Inserted { get; set; }

        public int Existing { get; set; }

        public decimal Quantity { get; set; }

        public decimal Fees { get; set; }
    }
}
