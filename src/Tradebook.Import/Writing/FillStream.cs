using System.Collections.Concurrent;
using Tradebook.Core.Domain;
using Tradebook.Import.Checks;

namespace Tradebook.Import.Writing;

/// <summary>
/// Hands a source's fills from the thread that reads them to the thread that writes them, in runs of
/// <c>chunkSize</c>, so that a large import reads and writes at once on two cores and holds no list of
/// every fill. Each run carries the bots the reader knew when it was sent. At most a few runs wait, which
/// bounds what the stream holds.
/// </summary>
/// <remarks>
/// A run is sent only while recording it as it comes gives the store exactly what recording the whole
/// source at the end would: it must continue every product's fills in market order (time, then id), name
/// no order (an implied order is made from all of its fills) and name bots the reader knows. From the first
/// run that breaks a rule on, fills stay in <see cref="ImportSet.Fills"/>, to be recorded with the rest of
/// the source at the end. What the report, the checks and the verification need of the fills sent is kept
/// as counts and sums (<see cref="ImportSet.Streamed"/>, <see cref="Checks"/>) and on disk (<see cref="Spill"/>).
/// </remarks>
public sealed class FillStream(int chunkSize, CancellationToken cancellation) : IDisposable
{
    /// <summary>
    /// Runs of 16,384 fills: measured on a million rows, 8,192 and 16,384 were as fast, while 65,536 made
    /// the ledger wait longer for its first run and the end of the read wait longer for the last.
    /// </summary>
    public const int DefaultChunkSize = 16_384;

    private readonly BlockingCollection<FillChunk> _chunks = new(boundedCapacity: 4);
    private readonly Dictionary<(string Bot, string Symbol), FillRecord> _lastOfProduct = [];
    private readonly SymbolTexts _symbols = new();
    private readonly HashSet<string> _botNames = new(StringComparer.Ordinal);
    private List<FillRecord> _pending = new(chunkSize);
    private BotSpec[] _bots = [];
    private bool _stopped;

    /// <summary>Every fill the reader accepted, sent or not, on disk.</summary>
    public FillSpill Spill { get; } = FillSpill.Create();

    /// <summary>The source checks' figures, kept per product as each fill is accepted.</summary>
    internal SourceCheckTally Checks { get; } = new();

    /// <summary>The trades the source stored, on disk, for the reconciliation; null until the reader hands one over.</summary>
    internal Reconciliation.TradeSpill? Trades { get; private set; }

    /// <summary>The stored trades' own checks (exits beyond entries), made as each trade is handed over.</summary>
    internal TradeTally TradeChecks { get; } = new();

    /// <summary>True once a run could not be sent: the reader's fills from there on are in <see cref="ImportSet.Fills"/>.</summary>
    public bool Stopped => _stopped;

    /// <summary>
    /// Called by a reader for each fill it accepted, instead of adding it to <paramref name="set"/>'s fills.
    /// Returns the earlier fill of the source with the same id (whatever its bot) and takes nothing then,
    /// so that the reader reports the repeat; null when the fill was taken.
    /// </summary>
    /// <param name="inTrade">True for a fill of a trade the source stored (handed over with <see cref="AddTrade"/>): trades are checked as trades.</param>
    public FillRecord? Add(FillRecord fill, ImportSet set, bool inTrade = false)
    {
        ArgumentNullException.ThrowIfNull(fill);
        ArgumentNullException.ThrowIfNull(set);
        if (Spill.AddFirst(fill) is { } first)
        {
            return first;
        }

        Checks.Add(fill, countsForPosition: !inTrade);
        if (_stopped)
        {
            set.Fills.Add(fill);
            return null;
        }

        _pending.Add(fill);
        if (_pending.Count >= chunkSize)
        {
            Send(set);
        }

        return null;
    }

    /// <summary>
    /// Called by a reader for each order, instead of adding it to <paramref name="set"/>'s orders: it goes to the
    /// store with the next run, ahead of the fills that name it, and is counted, not kept.
    /// </summary>
    public void Add(OrderRecord order, ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(set);
        set.Orders.Add(order);
        if (!_stopped && set.Orders.Count >= chunkSize)
        {
            Send(set);
        }
    }

    /// <summary>
    /// Called by a reader for each trade the source stored, with the fills it made of it (each already handed to
    /// <see cref="Add(FillRecord, ImportSet, bool)"/>), instead of adding it to <see cref="ImportSet.ReportedTrades"/>:
    /// the trade goes to disk for the reconciliation, and its shape is checked now, while its fills are at hand.
    /// </summary>
    public void AddTrade(ReportedTrade trade, IReadOnlyList<FillRecord> fills)
    {
        ArgumentNullException.ThrowIfNull(trade);
        ArgumentNullException.ThrowIfNull(fills);
        Trades ??= Reconciliation.TradeSpill.Create();
        Trades.Add(trade);
        TradeChecks.Add(trade, TradeShape.Of(fills));
    }

    /// <summary>
    /// Sends or keeps what is pending. A reader calls it at the end of its read, before anything that works on
    /// <see cref="ImportSet.Fills"/> (implied orders), so that every fill not sent is there by then.
    /// </summary>
    public void Flush(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if ((_pending.Count > 0 || (!_stopped && set.Orders.Count > 0)) && !cancellation.IsCancellationRequested)
        {
            Send(set);
        }
    }

    /// <summary>Sends what is pending; called once the reader is done, whether or not it succeeded.</summary>
    internal void Complete(ImportSet? set)
    {
        if (set is not null)
        {
            Flush(set);
        }

        _chunks.CompleteAdding();
    }

    /// <summary>The runs in the order they were read; ends when the reader completes the stream.</summary>
    internal IEnumerable<FillChunk> Chunks() => _chunks.GetConsumingEnumerable(cancellation);

    public void Dispose()
    {
        _chunks.Dispose();
        Spill.Dispose();
        Trades?.Dispose();
    }

    private void Send(ImportSet set)
    {
        if (_stopped)
        {
            return;
        }

        if (set.ReportedTrades.Count > 0)
        {
            // Reconciliation and the trade checks of a set look its fills up by id in memory: stream trades with AddTrade.
            throw new InvalidOperationException("a source with reported trades in its set cannot stream its fills");
        }

        if (_bots.Length != set.Bots.Count)
        {
            _bots = [.. set.Bots];
            _botNames.UnionWith(_bots.Select(b => b.Name));
        }

        // An order goes ahead of the fills that name it; a fill may name an order of this run or of an earlier one.
        var orders = set.Orders.ToList();
        var ordersOfRun = orders.Select(o => (o.Bot, o.Id)).ToHashSet();
        var fills = TimeOrder.Sort(_pending, f => f.Timestamp, f => f.Id);
        var lastOfRun = new Dictionary<(string Bot, string Symbol), FillRecord>();
        var sendable = orders.TrueForAll(o => _botNames.Contains(o.Bot));
        foreach (var fill in fills)
        {
            if (!sendable)
            {
                break;
            }

            var product = (fill.Bot, _symbols.Of(fill.Symbol));
            if ((fill.OrderId is { } orderId && !ordersOfRun.Contains((fill.Bot, orderId)) && !Spill.HasOrder(fill.Bot, orderId))
                || !_botNames.Contains(fill.Bot)
                || (!lastOfRun.ContainsKey(product) && _lastOfProduct.TryGetValue(product, out var last) && TimeOrder.Compare(last, fill) >= 0))
            {
                sendable = false;
                break;
            }

            lastOfRun[product] = fill;
        }

        if (!sendable)
        {
            // Kept in the order read, with every later fill and order, for the end of the read.
            _stopped = true;
            set.Fills.AddRange(_pending);
            _pending = new List<FillRecord>(0);
            return;
        }

        foreach (var (product, fill) in lastOfRun)
        {
            _lastOfProduct[product] = fill;
        }

        foreach (var fill in _pending)
        {
            set.Streamed.Add(fill);
        }

        if (orders.Count > 0)
        {
            set.Streamed.LookUpOrdersWith(Spill.HasOrder);
        }

        foreach (var order in orders)
        {
            Spill.AddOrder(order.Bot, order.Id);
            set.Streamed.Add(order);
        }

        // Settings come first: a dust setting decides how the fills are accounted, so a run must not precede it.
        var settings = set.Settings.Skip(set.Streamed.SettingsSent).ToList();
        set.Streamed.SettingsSent += settings.Count;
        set.Orders.Clear();

        // Blocks while the writer is behind; throws once the writer has given up.
        _chunks.Add(new FillChunk(fills, _bots, orders, settings), cancellation);
        _pending = new List<FillRecord>(chunkSize);
    }
}

/// <summary>A run of fills in market order, the orders and settings that go ahead of them, and the bots the source had named by then.</summary>
internal sealed record FillChunk(IReadOnlyList<FillRecord> Fills, IReadOnlyList<BotSpec> Bots, IReadOnlyList<OrderRecord> Orders, IReadOnlyList<Setting> Settings);
