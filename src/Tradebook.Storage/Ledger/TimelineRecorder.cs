using Tradebook.Core;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using static Tradebook.Storage.Ledger.Requirements;
using static Tradebook.Storage.Ledger.UniqueRows;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Records fills and cash flows, in time order: each row is written with what Core derived from it, and
/// its product's book takes it. A fill or flow older than what its product holds marks the product for
/// a replay before the batch is flushed.
/// </summary>
internal sealed class TimelineRecorder(
    WriteContext context, NaturalKeys keys, ProductLocks locks, ProductStore products, PositionRows positions, FillRows fillRows, UniqueRows rows, RowCounts counts, ProductCheckpoints checkpoints)
{
    private int _fillsDone;

    /// <summary>Told how many of the session's fills are recorded so far: every 1,000, and once at the end of a batch.</summary>
    public Action<int>? FillsRecorded { get; init; }

    public void Record(IReadOnlyList<FillRecord> fills, IReadOnlyList<CashFlowRecord> flows)
    {
        locks.Lock(fills.Select(f => ((string?)f.Bot, (string?)f.Symbol)).Concat(flows.Select(f => ((string?)f.Bot, f.Symbol))));
        var inOrder = TimeOrder.Merge(TimeOrder.SortedByTime(fills, f => f.Timestamp), f => f.Timestamp, TimeOrder.SortedByTime(flows, f => f.Timestamp), f => f.Timestamp);
        foreach (var (fill, flow) in inOrder)
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

    private void RecordFill(FillRecord fill)
    {
        if (FillValidation.Check(fill) is var problem and not FillProblem.None)
        {
            throw new TradebookException(ErrorCode.InvalidInput, FillValidation.Describe(fill, problem));
        }

        var bot = keys.Bot(fill.Bot);
        var (instrumentId, symbol) = keys.Instrument(fill.Symbol);
        var order = fill.OrderId is not null ? keys.Order(bot, fill.OrderId, fill.Id)
            : fill.ExchangeOrderId is not null ? keys.OrderOfExchange(bot, fill.ExchangeOrderId)
            : null;
        if (order is { } executed && !executed.Takes(instrumentId, fill.Side))
        {
            throw keys.FillOfAnotherOrder(fill, symbol, executed);
        }

        var orderId = order?.Id;
        var fee = FeeConversion.ToQuote(fill.Fee, fill.FeeCurrency, fill.FeeRate, symbol.Base, symbol.Quote, fill.Price);
        var product = products.Get(bot, instrumentId, symbol);
        if (product.IsBehind(fill.Timestamp))
        {
            RecordLateFill(bot, fill, instrumentId, orderId, fee, product);
            return;
        }

        var step = product.Plan(new TradeFill(fill.Side, fill.Quantity, fill.Price, fee.QuoteAmount), fill.Timestamp, positions);
        if (!fillRows.TryInsert(bot, fill, instrumentId, orderId, fee, step.PositionId, step.Outcome.RealizedPnl, out var id))
        {
            SessionProduct.Discard(step, positions);
            var stored = fillRows.CheckStored(bot, fill);
            counts.Count("fills", fill.Bot, fill.Id, stored, RowOutcome.Existing);
            return;
        }

        checkpoints.BeforeFill(product, fill.Timestamp);
        product.Commit(step, fee, fill.Timestamp, positions);
        counts.Count("fills", fill.Bot, fill.Id, id, RowOutcome.Inserted);
    }

    /// <summary>
    /// A fill older than what its product holds: the replay at the end of the batch works out its position and
    /// realized P&amp;L with everything after it, so its row is written without them, and no position is opened
    /// for it that the replay would only remove again.
    /// </summary>
    private void RecordLateFill(BotRow bot, FillRecord fill, long instrumentId, long? orderId, ConvertedFee fee, SessionProduct product)
    {
        if (!fillRows.TryInsert(bot, fill, instrumentId, orderId, fee, positionId: null, realized: 0m, out var id))
        {
            var stored = fillRows.CheckStored(bot, fill);
            counts.Count("fills", fill.Bot, fill.Id, stored, RowOutcome.Existing);
            return;
        }

        product.TookLate(fill.Timestamp);
        counts.Count("fills", fill.Bot, fill.Id, id, RowOutcome.Inserted);
    }

    private void RecordCashFlow(CashFlowRecord f)
    {
        Require(!string.IsNullOrWhiteSpace(f.Id), $"a cash flow of bot '{f.Bot}' has no id");
        Require(!string.IsNullOrWhiteSpace(f.Currency), $"cash flow '{f.Id}' has no currency");
        var bot = keys.Bot(f.Bot);
        SessionProduct? product = null;
        long? instrument = null;
        string? symbolText = null;
        if (!string.IsNullOrWhiteSpace(f.Symbol))
        {
            var (id, symbol) = keys.Instrument(f.Symbol);
            instrument = id;
            symbolText = symbol.Text;
            product = products.Get(bot, id, symbol);
        }

        var attributed = product is not null && CashFlowAttribution.CountsInProduct(f.Currency, product.Quote);
        var inserted = rows.Insert(
            "cash_flows",
            $"cash flow '{f.Id}' of bot '{f.Bot}'",
            new RowKey(f.Bot, f.Id),
            """
            SELECT c.kind, c.amount, c.currency, c.ts, i.symbol, c.id
            FROM cash_flows c LEFT JOIN instruments i ON i.id = c.instrument_id
            WHERE c.bot_id = @bot AND c.external_id = @id
            """,
            c => { c.Add("@bot", bot.Id); c.Add("@id", f.Id); },
            r => Diff("kind", r.GetString(0), f.Kind.ToText())
                .Concat(Diff("amount", r.GetDecimal(1), f.Amount))
                .Concat(Diff("currency", r.GetString(2), f.Currency.Trim().ToUpperInvariant()))
                .Concat(Diff("ts", StoredTime.Read(r.GetValue(3)), Micro(f.Timestamp)))
                .Concat(Diff("symbol", r.GetStringOrNull(4), symbolText)),
            $"""
            INSERT INTO cash_flows (bot_id, external_id, kind, instrument_id, position_id, amount, currency, ts, {ProvenanceColumns})
            VALUES (@bot, @id, @kind, @instrument, @position, @amount, @currency, @ts, {ProvenanceValues})
            """,
            c =>
            {
                c.Add("@bot", bot.Id);
                c.Add("@id", f.Id);
                c.Add("@kind", f.Kind.ToText());
                c.Add("@instrument", instrument);
                c.Add("@position", attributed ? product!.OpenPositionId : null);
                c.Add("@amount", f.Amount);
                c.Add("@currency", f.Currency.Trim().ToUpperInvariant());
                c.Add("@ts", context.Database.Timestamp(f.Timestamp));
                rows.AddProvenance(c, f.Provenance);
            });
        if (inserted && attributed)
        {
            product!.ApplyCashFlow(f.Amount, f.Timestamp);
        }
    }
}
