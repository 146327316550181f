using System.Data.Common;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Import.Writing;

/// <summary>
/// Records the runs of a <see cref="FillStream"/> as they arrive, inside the import's transaction. The stream
/// sends only runs that continue every product's fills in market order and name no order, so recording them
/// as they come leaves the store as recording the whole source at the end would.
/// </summary>
internal sealed class StreamedFillRecorder(TradebookDatabase database, TimeProvider clock, DbConnection connection, DbTransaction transaction, LedgerRecorder ledger)
{
    /// <summary>Bots added so far, by name, and whether this import created them.</summary>
    public Dictionary<string, bool> BotsAdded { get; } = new(StringComparer.Ordinal);

    /// <summary>How many fills were recorded as they came.</summary>
    public int Recorded { get; private set; }

    public void Take(FillChunk chunk)
    {
        // Every bot named so far, in the source's order, as a write of the whole source adds them.
        foreach (var bot in chunk.Bots)
        {
            AddBot(bot);
        }

        ledger.Record(new LedgerBatch { Settings = chunk.Settings, Orders = chunk.Orders, Fills = chunk.Fills });
        Recorded += chunk.Fills.Count;
    }
    /// <summary>Adds a bot unless added already; a bot the store holds in another mode stops the import.</summary>
    public void AddBot(BotSpec spec)
    {
        if (BotsAdded.ContainsKey(spec.Name))
        {
            return;
        }

        var (row, inserted) = Bots.Add(connection, transaction, database, spec, clock.GetUtcNow());
        if (row.Mode != spec.Mode)
        {
            throw new TradebookException(ErrorCode.ModeMismatch, $"bot '{spec.Name}' exists in {row.Mode.ToText()} mode; this source's bot is {spec.Mode.ToText()}", new Remedy(RemedyKind.ChooseBotName));
        }

        BotsAdded[spec.Name] = inserted;
    }
}
