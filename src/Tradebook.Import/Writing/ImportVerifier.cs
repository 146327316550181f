using Tradebook.Storage.Connection;
using Tradebook.Storage.Imports;

namespace Tradebook.Import.Writing;

/// <summary>
/// Checks, after an import committed, that the store holds the source's fills: per bot and symbol the
/// count, quantity and fees must match, each fill either written by this batch or already present.
/// </summary>
/// <remarks>
/// The source's fills (<see cref="SourceFills"/>) and each bot's stored fills are walked side by side in the
/// same key order, a merge: memory holds the sums per bot and symbol and the current row of each bot, whatever
/// the size of the import. Fills missing from the store, and fills the batch wrote that the source lacks, are
/// listed up to <see cref="MaxListed"/> each, then counted: the sums stay exact.
/// </remarks>
public sealed class ImportVerifier(TradebookDatabase database)
{
    /// <summary>How many missing fills, and how many stray ones, the problems name one by one.</summary>
    public const int MaxListed = 100;

    public ImportVerification Verify(long batchId, ImportSet set) => Verify(batchId, SourceFills.Of(set));

    /// <summary>Checks the store against <paramref name="source"/> (see <see cref="SourceFills.Of(ImportSet)"/>).</summary>
    public ImportVerification Verify(long batchId, SourceFills source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var groups = new Dictionary<(string Bot, string Symbol), Sums>();
        var symbols = new SymbolTexts();
        var missing = new Listing("fills of the source are not in the store");
        var strays = new Listing("fills were written by this batch but are not in the source");
        StoredFills.Walk(database, source.Bots, stored =>
        {
            foreach (var fill in source.InKeyOrder())
            {
                var product = (fill.Bot, symbols.Of(fill.Symbol));
                if (!groups.TryGetValue(product, out var sums))
                {
                    sums = new Sums();
                    groups[product] = sums;
                }

                sums.SourceFills++;
                sums.SourceQuantity += fill.Quantity;
                sums.SourceFees += fill.Fee;
                if (!stored.TryGet(fill.Bot, out var cursor) || !Find(cursor, fill.Id, batchId, fill.Bot, strays))
                {
                    missing.Add($"fill '{fill.Id}' of bot '{fill.Bot}' is not in the store");
                    continue;
                }

                if (cursor.Batch == batchId)
                {
                    sums.Inserted++;
                }
                else
                {
                    sums.Existing++;
                }

                // Summed here in decimal: SQL SUM over SQLite text would go through floating point.
                sums.StoredQuantity += cursor.Quantity;
                sums.StoredFees += cursor.Fee;
                cursor.Next();
            }

            foreach (var (bot, cursor) in stored.Bots)
            {
                for (; cursor.HasRow; cursor.Next())
                {
                    Stray(cursor, batchId, bot, strays);
                }
            }

            return 0;
        });

        var problems = new List<string>(missing.Lines);
        var lines = new List<VerificationLine>(groups.Count);
        foreach (var ((bot, symbol), sums) in groups.OrderBy(g => g.Key.Bot, StringComparer.Ordinal).ThenBy(g => g.Key.Symbol, StringComparer.Ordinal))
        {
            var line = new VerificationLine(bot, symbol, sums.SourceFills, sums.SourceQuantity, sums.SourceFees, sums.Inserted, sums.Existing, sums.StoredQuantity, sums.StoredFees);
            if (!line.Ok)
            {
                problems.Add($"{line.Bot} {line.Symbol}: source {line.SourceFills} fills, quantity {line.SourceQuantity}, fees {line.SourceFees}; store {line.Inserted} new + {line.Existing} earlier, quantity {line.StoredQuantity}, fees {line.StoredFees}");
            }

            lines.Add(line);
        }

        problems.AddRange(strays.Lines);
        return new ImportVerification(problems.Count == 0, lines, problems);
    }

    /// <summary>Moves <paramref name="cursor"/> to the stored fill of <paramref name="id"/>; true when the store has it.</summary>
    private static bool Find(StoredFillCursor cursor, string id, long batchId, string bot, Listing strays)
    {
        while (cursor.HasRow)
        {
            var order = cursor.CompareTo(id);
            if (order >= 0)
            {
                return order == 0;
            }

            // A stored fill the source has no fill for: only this batch's own are wrong.
            Stray(cursor, batchId, bot, strays);
            cursor.Next();
        }

        return false;
    }

    private static void Stray(StoredFillCursor cursor, long batchId, string bot, Listing strays)
    {
        if (cursor.Batch == batchId)
        {
            strays.Add($"fill '{cursor.Id}' of bot '{bot}' was written by this batch but is not in the source");
        }
    }

    /// <summary>One bot and symbol: the source's figures and the store's.</summary>
    private sealed class Sums
    {
        public int SourceFills { get; set; }

        public decimal SourceQuantity { get; set; }

        public decimal SourceFees { get; set; }

        public int Inserted { get; set; }

        public int Existing { get; set; }

        public decimal StoredQuantity { get; set; }

        public decimal StoredFees { get; set; }
    }

    /// <summary>Problems of one kind: the first <see cref="MaxListed"/> in words, the rest counted in one more line.</summary>
    private sealed class Listing(string rest)
    {
        private readonly List<string> _listed = [];
        private int _more;

        public IEnumerable<string> Lines => _more == 0 ? _listed : _listed.Append($"and {_more} more {rest}");

        public void Add(string problem)
        {
            if (_listed.Count < MaxListed)
            {
                _listed.Add(problem);
            }
            else
            {
                _more++;
            }
        }
    }
}
