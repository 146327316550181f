using System.Data.Common;
using Tradebook.Core.Domain;
using Tradebook.Core.Time;
using Tradebook.Storage;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Import.Writing;

/// <summary>
/// Records the runs of a <see cref="FillStream"/> as they arrive, inside the import's transaction, for as
/// long as that gives the store exactly what recording the whole source at the end would: each run must
/// continue every product's fills in market order (time, then id), and no fill may name an order, since
/// an implied order is made from all of its fills. From the first run that breaks either rule on, fills
/// are left to the end of the read, where the rest of the source is recorded with everything else.
/// </summary>
internal sealed class StreamedFillRecorder(TradebookDatabase database, IClock clock, DbConnection connection, DbTransaction transaction, LedgerRecorder ledger)
{
    private readonly Dictionary<(string Bot, string Symbol), FillRecord> _lastOfProduct = [];
    private readonly SymbolTexts _symbols = new();
    private bool _stopped;

    /// <summary>Bots added so far, by name, and whether this import created them.</summary>
    public Dictionary<string, bool> BotsAdded { get; } = new(StringComparer.Ordinal);

    /// <summary>How many of the source's first fills are recorded.</summary>
    public int Recorded { get; private set; }

    /// <summary>The last fill recorded, to check that the recorded fills are the start of the source's list.</summary>
    public FillRecord? LastRecorded { get; private set; }

    public void Take(FillChunk chunk)
    {
        // Once a run could not be recorded as it came, the rest waits for the end.
        if (_stopped)
        {
            return;
        }

        var fills = TimeOrder.Sort(chunk.Fills, f => f.Timestamp, f => f.Id);
        var lastOfProduct = new Dictionary<(string Bot, string Symbol), FillRecord>();
        foreach (var fill in fills)
        {
            var product = (fill.Bot, _symbols.Of(fill.Symbol));
            if (fill.OrderId is not null
                || (!lastOfProduct.ContainsKey(product) && _lastOfProduct.TryGetValue(product, out var last) && TimeOrder.Compare(last, fill) >= 0)
                || (!BotsAdded.ContainsKey(fill.Bot) && !chunk.Bots.Any(b => b.Name == fill.Bot)))
            {
                _stopped = true;
                return;
            }

            lastOfProduct[product] = fill;
        }

        // Every bot named so far, in the source's order, as a write of the whole source adds them.
        foreach (var bot in chunk.Bots)
        {
            AddBot(bot);
        }

        ledger.Record(new LedgerBatch { Fills = fills });
        foreach (var (product, fill) in lastOfProduct)
        {
            _lastOfProduct[product] = fill;
        }

        Recorded += chunk.Fills.Count;
        LastRecorded = chunk.Fills[^1];
    }

    /// <summary>Adds a bot unless added already; a bot the store holds in another mode stops the import.</summary>
    public void AddBot(BotSpec spec)
    {
        if (BotsAdded.ContainsKey(spec.Name))
        {
            return;
        }

        var (row, inserted) = Bots.Add(connection, transaction, database, spec, clock.UtcNow);
        if (row.Mode != spec.Mode)
        {
            throw new TradebookException(ErrorCode.ModeMismatch, $"bot '{spec.Name}' exists in {row.Mode.ToText()} mode; this source's bot is {spec.Mode.ToText()}: import it under another name with --bot");
        }

        BotsAdded[spec.Name] = inserted;
    }
}
