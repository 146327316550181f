using System.Data.Common;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

internal sealed partial class LedgerSession
{
    private RowStatement? _insertFill;
    private int _fillsDone;

    /// <summary>Told how many of the batch's fills are recorded so far: every 1,000, and once at the end.</summary>
    public Action<int>? FillsRecorded { get; init; }

    /// <summary>
    /// Fills and cash flows are applied in time order, whatever order they are listed in: P&amp;L
    /// depends on when trades happened. At equal times a fill comes before a cash flow.
    /// </summary>
    private void RecordTimeline(IReadOnlyList<FillRecord> fills, IReadOnlyList<CashFlowRecord> flows)
    {
        LockProducts(fills.Select(f => ((string?)f.Bot, (string?)f.Symbol)).Concat(flows.Select(f => ((string?)f.Bot, f.Symbol))));
        foreach (var (fill, flow) in InTimeOrder(SortedByTime(fills, f => f.Timestamp), f => f.Timestamp, SortedByTime(flows, f => f.Timestamp), f => f.Timestamp))
        {
            if (fill is null)
            {
                RecordCashFlow(flow!);
                continue;
            }

            RecordFill(fill);
            if (++_fillsDone % 1_000 == 0)
            {
                FillsRecorded?.Invoke(_fillsDone);
            }
        }

        if (fills.Count > 0)
        {
            FillsRecorded?.Invoke(_fillsDone);
        }
    }

    /// <summary>A stable sort by time, skipped when the records are in time order already, as importers and most bots give them.</summary>
    private static IReadOnlyList<T> SortedByTime<T>(IReadOnlyList<T> records, Func<T, DateTimeOffset> time)
    {
        for (var i = 1; i < records.Count; i++)
        {
            if (time(records[i - 1]) > time(records[i]))
            {
                return records.OrderBy(time).ToList();
            }
        }

        return records;
    }

    /// <summary>Merges two lists, each already in time order; at equal times the first list's item comes first.</summary>
    private static IEnumerable<(TFirst? First, TSecond? Second)> InTimeOrder<TFirst, TSecond>(
        IReadOnlyList<TFirst> first, Func<TFirst, DateTimeOffset> firstTime, IReadOnlyList<TSecond> second, Func<TSecond, DateTimeOffset> secondTime)
        where TFirst : class
        where TSecond : class
    {
        int i = 0, j = 0;
        while (i < first.Count || j < second.Count)
        {
            if (j == second.Count || (i < first.Count && firstTime(first[i]) <= secondTime(second[j])))
            {
                yield return (first[i++], null);
            }
            else
            {
                yield return (null, second[j++]);
            }
        }
    }

    private void RecordFill(FillRecord fill)
    {
        Validate(fill);
        var bot = Bot(fill.Bot);
        var (instrumentId, symbol) = Instrument(fill.Symbol);
        long? orderId = fill.OrderId is null ? null : OrderId(bot, fill.OrderId, fill.Id);
        var fee = FeeConversion.ToQuote(fill.Fee, fill.FeeCurrency, fill.FeeRate, symbol.Base, symbol.Quote, fill.Price);
        var product = Product(bot, instrumentId, symbol);

        // The insert itself finds a duplicate (ON CONFLICT on the natural key), so a fresh fill costs one
        // write and no lookup; only a duplicate is read back and compared.
        var step = Plan(product, new TradeFill(fill.Side, fill.Quantity, fill.Price, fee.QuoteAmount), fill.Timestamp);
        if (!TryInsertFillRow(bot, fill, instrumentId, orderId, fee, step.PositionId, step.Outcome.RealizedPnl))
        {
            Discard(step);
            CheckStoredFill(bot, fill);
            Count("fills", existing: 1);
            return;
        }

        Commit(product, step, fee, fill.Timestamp);
        Count("fills", inserted: 1);
    }

    private static void Validate(FillRecord fill)
    {
        if (FillValidation.Check(fill) is var problem and not FillProblem.None)
        {
            throw new TradebookException(ErrorCode.InvalidInput, FillValidation.Describe(fill, problem));
        }
    }

    /// <summary>What one fill does to its product, worked out before anything about the product changes.</summary>
    /// <param name="PositionId">The row of the position the fill belongs to.</param>
    /// <param name="OpenedId">That row when the fill opened it from flat, so that a duplicate fill can remove it again.</param>
    private readonly record struct FillStep(FillOutcome Outcome, long PositionId, long? OpenedId);

    /// <summary>
    /// Applies the fill to the product's book without changing the product. The fill belongs to the
    /// position it closes; a fill from flat starts a new position, whose row is written now because
    /// the fill's row names it.
    /// </summary>
    private FillStep Plan(ProductState product, TradeFill fill, DateTimeOffset at)
    {
        var outcome = product.Book.Apply(fill, at);
        if (product.OpenPositionId is { } open)
        {
            return new FillStep(outcome, open, null);
        }

        var opened = OpenPosition(product, outcome.Position.Direction, at);
        return new FillStep(outcome, opened, opened);
    }

    /// <summary>Undoes <see cref="Plan"/> for a fill that turned out to be recorded already.</summary>
    private void Discard(FillStep step)
    {
        if (step.OpenedId is { } opened)
        {
            DeletePosition(opened);
        }
    }

    /// <summary>Keeps what the fill did: the book Core returned, the rows of its positions, and the day's change.</summary>
    private void Commit(ProductState product, FillStep step, ConvertedFee fee, DateTimeOffset at)
    {
        if (product.LastFillAt > at || product.LastCashFlowAt >= at)
        {
            // A fill older than what the product already holds: its effects on later fills can only be
            // worked out by applying everything again in time order, once, before the batch is flushed.
            product.NeedsReplay = true;
        }

        var outcome = step.Outcome;
        product.Book = outcome.Book;
        product.OpenPositionId = step.PositionId;
        if (outcome.ClosedRoundTrip)
        {
            product.ClosedPositions[step.PositionId] = outcome.Position;

            // A flip: the rest of the fill opened a position on the other side, which needs a row.
            product.OpenPositionId = outcome.Book.OpenPosition is { } flipped ? OpenPosition(product, flipped.Direction, at) : null;
        }

        product.LastFillAt = product.LastFillAt > at ? product.LastFillAt : at;
        product.Dirty = true;
        if (!fee.IsConverted)
        {
            product.UnconvertedFees[fee.UnconvertedCurrency!] = product.UnconvertedFees.GetValueOrDefault(fee.UnconvertedCurrency!) + fee.UnconvertedAmount;
        }

        product.AddToDay(outcome.Day, outcome.DayChange);
    }

    private bool TryInsertFillRow(BotRow bot, FillRecord fill, long instrumentId, long? orderId, ConvertedFee fee, long positionId, decimal realized)
    {
        // The batch and the recording time are the same for every fill of a session; they are written into
        // the statement once rather than bound per row, where Microsoft.Data.Sqlite's binding cost shows.
        _insertFill ??= Prepared($"""
            INSERT INTO fills (bot_id, external_id, order_id, instrument_id, side, quantity, price, fee, fee_currency, fee_rate,
                               fee_quote, ts, position_id, realized_pnl, source, source_ref, bot_version, strategy_version,
                               import_batch_id, recorded_at)
            VALUES (@bot_id, @external_id, @order_id, @instrument_id, @side, @quantity, @price, @fee, @fee_currency, @fee_rate,
                    @fee_quote, @ts, @position_id, @realized_pnl, @source, @source_ref, @bot_version, @strategy_version,
                    {_sessionConstants})
            ON CONFLICT (bot_id, external_id) DO NOTHING
            """,
            "@bot_id", "@external_id", "@order_id", "@instrument_id", "@side", "@quantity", "@price", "@fee", "@fee_currency", "@fee_rate",
            "@fee_quote", "@ts", "@position_id", "@realized_pnl", "@source", "@source_ref", "@bot_version", "@strategy_version");

        var c = _insertFill;
        c.Set(0, bot.Id);
        c.Set(1, fill.Id);
        c.Set(2, orderId);
        c.Set(3, instrumentId);
        c.Set(4, fill.Side == Side.Buy ? "buy" : "sell");
        c.Set(5, fill.Quantity);
        c.Set(6, fill.Price);
        c.Set(7, fill.Fee);
        c.Set(8, NormalizeCurrency(fill.FeeCurrency));
        c.Set(9, fill.FeeRate);
        c.Set(10, fee.QuoteAmount);
        c.Set(11, fill.Timestamp);
        c.Set(12, positionId);
        c.Set(13, realized);
        c.Set(14, fill.Provenance?.Source);
        c.Set(15, fill.Provenance?.SourceRef);
        c.Set(16, fill.Provenance?.BotVersion);
        c.Set(17, fill.Provenance?.StrategyVersion);
        return c.ExecuteNonQuery() == 1;
    }

    private static string? NormalizeCurrency(string? currency) => string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant();

    /// <summary>A fill whose id is recorded already: the same values are a no-op, other values a conflict.</summary>
    private void CheckStoredFill(BotRow bot, FillRecord fill)
    {
        using var find = connection.Command(transaction, """
            SELECT i.symbol, f.side, f.quantity, f.price, f.fee, f.fee_currency, f.ts, o.client_order_id
            FROM fills f
            JOIN instruments i ON i.id = f.instrument_id
            LEFT JOIN orders o ON o.id = f.order_id
            WHERE f.bot_id = @bot AND f.external_id = @id
            """);
        find.Add("@bot", bot.Id);
        find.Add("@id", fill.Id);
        using var reader = find.ExecuteReader();
        reader.Read();
        var differences = Diff("symbol", reader.GetString(0), Symbol.Parse(fill.Symbol).Text)
            .Concat(Diff("side", reader.GetString(1) == "buy" ? Side.Buy : Side.Sell, fill.Side))
            .Concat(Diff("qty", reader.GetDecimal(2), fill.Quantity))
            .Concat(Diff("price", reader.GetDecimal(3), fill.Price))
            .Concat(Diff("fee", reader.GetDecimal(4), fill.Fee))
            .Concat(Diff("fee_currency", reader.GetStringOrNull(5), NormalizeCurrency(fill.FeeCurrency)))
            .Concat(Diff("ts", TradebookDatabase.ReadTimestamp(reader.GetValue(6)), Micro(fill.Timestamp)))
            .Concat(Diff("order_id", reader.GetStringOrNull(7), fill.OrderId))
            .ToList();
        if (differences.Count > 0)
        {
            throw Conflict($"fill '{fill.Id}' of bot '{fill.Bot}'", differences);
        }
    }

    private long OrderId(BotRow bot, string clientOrderId, string fillId)
    {
        if (_orderIds.TryGetValue((bot.Id, clientOrderId), out var id))
        {
            return id;
        }

        using var command = connection.Command(transaction, "SELECT id FROM orders WHERE bot_id = @bot AND client_order_id = @order");
        command.Add("@bot", bot.Id);
        command.Add("@order", clientOrderId);
        var found = command.ExecuteScalar();
        if (found is null or DBNull)
        {
            throw new TradebookException(ErrorCode.UnknownOrder, $"fill '{fillId}' names order '{clientOrderId}', which is not recorded for bot '{bot.Name}'; record the order first (or leave order_id out)");
        }

        id = Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture);
        _orderIds[(bot.Id, clientOrderId)] = id;
        return id;
    }

    private readonly Dictionary<(long Bot, string Order), long> _orderIds = [];
}
