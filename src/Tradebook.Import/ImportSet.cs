using Tradebook.Core.Domain;

namespace Tradebook.Import;

/// <summary>What was read from one source, in Tradebook's terms, before anything is written.</summary>
public sealed class ImportSet(SourceInfo source)
{
    public SourceInfo Source { get; } = source;

    public List<BotSpec> Bots { get; } = [];

    public List<OrderRecord> Orders { get; } = [];

    /// <summary>The fills read and kept in memory: all of them, except those a reader handed to a <see cref="Writing.FillStream"/> (see <see cref="Streamed"/>).</summary>
    public List<FillRecord> Fills { get; } = [];

    /// <summary>The fills handed to a <see cref="Writing.FillStream"/> and written as they were read: counted here, not kept.</summary>
    public StreamedFills Streamed { get; } = new();

    /// <summary>Every fill read: those kept in <see cref="Fills"/> and those streamed.</summary>
    public int FillCount => Fills.Count + Streamed.Count;

    public List<CashFlowRecord> CashFlows { get; } = [];

    public List<DecisionRecord> Decisions { get; } = [];

    public List<SignalRecord> Signals { get; } = [];

    public List<SnapshotRecord> Snapshots { get; } = [];

    public List<PriceBar> PriceBars { get; } = [];

    public List<FxRate> FxRates { get; } = [];

    public List<Setting> Settings { get; } = [];

    /// <summary>Rows that were not imported, each with its reason.</summary>
    public List<Rejection> Rejections { get; } = [];

    /// <summary>Rows routed into a test-mode bot by the owner's test-data rules.</summary>
    public List<string> TestRows { get; } = [];

    /// <summary>Rows seen more than once in the source and imported once.</summary>
    public List<string> Duplicates { get; } = [];

    /// <summary>What the source itself claimed each trade made, to be compared with what Tradebook computes.</summary>
    public List<ReportedTrade> ReportedTrades { get; } = [];

    /// <summary>
    /// Rows that cannot all be right, named by the reader with the cause only it knows (e.g. a storage that
    /// truncated prices to zero); <see cref="Checks.SourceChecks"/> adds what any source can show.
    /// </summary>
    public List<Checks.SourceProblem> Problems { get; } = [];

    /// <summary>
    /// Tables the source must have and lacks: the import brings what the other tables hold and states the loss,
    /// and the command does not report success (docs/import.md, "Incomplete sources").
    /// </summary>
    public List<MissingTable> MissingTables { get; } = [];

    /// <summary>Notes each missing table once, however many rules point at it: the first, most specific, says what is lost.</summary>
    public void AddMissing(IEnumerable<MissingTable> missing)
    {
        ArgumentNullException.ThrowIfNull(missing);
        foreach (var table in missing)
        {
            if (!MissingTables.Exists(m => string.Equals(m.Table, table.Table, StringComparison.OrdinalIgnoreCase)))
            {
                MissingTables.Add(table);
            }
        }
    }

    /// <summary>Things the user should know: precision lost, secrets withheld, figures that disagree.</summary>
    public List<string> Warnings { get; } = [];
}

/// <summary>
/// How many fills and orders of a source were streamed, in all and per bot, and how many of its settings went with
/// them: what the report and the rest of the write need of them.
/// </summary>
public sealed class StreamedFills
{
    private readonly Dictionary<string, int> _perBot = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _ordersPerBot = new(StringComparer.Ordinal);
    private Func<string, string, bool>? _hasOrder;

    public int Count { get; private set; }

    public IReadOnlyDictionary<string, int> PerBot => _perBot;

    /// <summary>Orders written with the runs of fills.</summary>
    public int Orders { get; private set; }

    public IReadOnlyDictionary<string, int> OrdersPerBot => _ordersPerBot;

    /// <summary>The first settings of <see cref="ImportSet.Settings"/>, written ahead of the runs; the rest are written at the end.</summary>
    public int SettingsSent { get; internal set; }

    /// <summary>True when an order of that bot and id was written with a run (a fill kept to the end may name it).</summary>
    public bool HasOrder(string bot, string id) => _hasOrder?.Invoke(bot, id) ?? false;

    internal void Add(FillRecord fill)
    {
        Count++;
        _perBot[fill.Bot] = _perBot.GetValueOrDefault(fill.Bot) + 1;
    }

    internal void Add(OrderRecord order)
    {
        Orders++;
        _ordersPerBot[order.Bot] = _ordersPerBot.GetValueOrDefault(order.Bot) + 1;
    }

    /// <summary>Where the orders written are looked up: the stream's spill, not a set in memory.</summary>
    internal void LookUpOrdersWith(Func<string, string, bool> hasOrder) => _hasOrder = hasOrder;
}

/// <summary>The source as read: path, recognised format and schema generation.</summary>
public sealed record SourceInfo(string Path, string Format, string? Generation = null, bool ReadWal = false);

/// <summary>A source row that was not imported.</summary>
public sealed record Rejection(string SourceRef, string Reason);

/// <summary>A trade (position) as the source stored it, with the fills Tradebook made of it.</summary>
public sealed record ReportedTrade(
    string Bot,
    string Symbol,
    string SourceRef,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    bool IsOpen,
    decimal? RealizedPnl,
    IReadOnlyList<string> FillIds);
