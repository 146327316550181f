using System.Globalization;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using static Tradebook.Storage.Ledger.Requirements;
using static Tradebook.Storage.Ledger.UniqueRows;

namespace Tradebook.Storage.Ledger;

/// <summary>Records what a bot did around its trades: signals, decisions (with the signals they cite), orders and equity snapshots.</summary>
internal sealed class BotActivityRecorder(WriteContext context, NaturalKeys keys, UniqueRows rows, RowCounts counts)
{
    public void RecordSignals(IReadOnlyList<SignalRecord> signals)
    {
        foreach (var s in signals)
        {
            Require(!string.IsNullOrWhiteSpace(s.Id), $"a signal of bot '{s.Bot}' has no id");
            var bot = keys.Bot(s.Bot);
            (long Id, Symbol Symbol)? product = string.IsNullOrWhiteSpace(s.Symbol) ? null : keys.Instrument(s.Symbol);
            var instrument = product?.Id;
            rows.Insert(
                "signals",
                $"signal '{s.Id}' of bot '{s.Bot}'",
                new RowKey(s.Bot, s.Id),
                """
                SELECT i.symbol, s.ts, s.signal, s.strength, s.price, s.id
                FROM signals s LEFT JOIN instruments i ON i.id = s.instrument_id
                WHERE s.bot_id = @bot AND s.external_id = @id
                """,
                c => { c.Add("@bot", bot.Id); c.Add("@id", s.Id); },
                r => Diff("symbol", r.GetStringOrNull(0), product?.Symbol.Text)
                    .Concat(Diff("ts", StoredTime.Read(r.GetValue(1)), Micro(s.Timestamp)))
                    .Concat(Diff("signal", r.GetString(2), s.Signal))
                    .Concat(Diff("strength", r.GetDecimalOrNull(3), s.Strength))
                    .Concat(Diff("price", r.GetDecimalOrNull(4), s.Price)),
                $"""
                INSERT INTO signals (bot_id, external_id, instrument_id, ts, signal, strength, price, payload, {ProvenanceColumns})
                VALUES (@bot, @id, @instrument, @ts, @signal, @strength, @price, @payload, {ProvenanceValues})
                """,
                c =>
                {
                    c.Add("@bot", bot.Id);
                    c.Add("@id", s.Id);
                    c.Add("@instrument", instrument);
                    c.Add("@ts", context.Database.Timestamp(s.Timestamp));
                    c.Add("@signal", s.Signal);
                    c.Add("@strength", s.Strength);
                    c.Add("@price", s.Price);
                    c.Add("@payload", s.Payload);
                    rows.AddProvenance(c, s.Provenance);
                });
        }
    }

    public void RecordDecisions(IReadOnlyList<DecisionRecord> decisions)
    {
        foreach (var d in decisions)
        {
            Require(!string.IsNullOrWhiteSpace(d.Id), $"a decision of bot '{d.Bot}' has no id");
            var bot = keys.Bot(d.Bot);
            var inserted = rows.Insert(
                "decisions",
                $"decision '{d.Id}' of bot '{d.Bot}'",
                new RowKey(d.Bot, d.Id),
                "SELECT ts, decision, id FROM decisions WHERE bot_id = @bot AND external_id = @id",
                c => { c.Add("@bot", bot.Id); c.Add("@id", d.Id); },
                r => Diff("ts", StoredTime.Read(r.GetValue(0)), Micro(d.Timestamp)).Concat(Diff("decision", r.GetString(1), d.Decision)),
                $"""
                INSERT INTO decisions (bot_id, external_id, ts, inputs, decision, notes, outcome, model, provider, prompt_tokens, response_tokens, latency_ms, cost, {ProvenanceColumns})
                VALUES (@bot, @id, @ts, @inputs, @decision, @notes, @outcome, @model, @provider, @prompt_tokens, @response_tokens, @latency_ms, @cost, {ProvenanceValues})
                """,
                c =>
                {
                    c.Add("@bot", bot.Id);
                    c.Add("@id", d.Id);
                    c.Add("@ts", context.Database.Timestamp(d.Timestamp));
                    c.Add("@inputs", d.Inputs);
                    c.Add("@decision", d.Decision);
                    c.Add("@notes", d.Notes);
                    c.Add("@outcome", d.Outcome);
                    c.Add("@model", d.Usage?.Model);
                    c.Add("@provider", d.Usage?.Provider);
                    c.Add("@prompt_tokens", d.Usage?.PromptTokens);
                    c.Add("@response_tokens", d.Usage?.ResponseTokens);
                    c.Add("@latency_ms", d.Usage?.LatencyMs);
                    c.Add("@cost", d.Usage?.Cost);
                    rows.AddProvenance(c, d.Provenance);
                });
            if (inserted && d.SignalIds is { Count: > 0 })
            {
                LinkSignals(bot, d);
            }
        }
    }

    private void LinkSignals(BotRow bot, DecisionRecord decision)
    {
        foreach (var signalId in decision.SignalIds!.Distinct(StringComparer.Ordinal))
        {
            var link = context.Reused("""
                INSERT INTO decision_signals (decision_id, signal_id, bot_id)
                SELECT d.id, s.id, d.bot_id
                FROM decisions d JOIN signals s ON s.bot_id = d.bot_id AND s.external_id = @signal
                WHERE d.bot_id = @bot AND d.external_id = @decision
                """);
            link.Add("@signal", signalId);
            link.Add("@bot", bot.Id);
            link.Add("@decision", decision.Id);
            if (link.ExecuteNonQuery() == 0)
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"decision '{decision.Id}' cites signal '{signalId}', which is not recorded for bot '{bot.Name}'; record the signal first");
            }
        }
    }

    public void RecordOrders(IReadOnlyList<OrderRecord> orders)
    {
        foreach (var o in orders)
        {
            Require(!string.IsNullOrWhiteSpace(o.Id), $"an order of bot '{o.Bot}' has no id");
            Require(o.Quantity > 0, $"order '{o.Id}' has quantity {o.Quantity}; it must be positive");
            var bot = keys.Bot(o.Bot);
            var (instrument, symbol) = keys.Instrument(o.Symbol);
            long? decision = o.DecisionId is null ? null : keys.DecisionId(bot, o.DecisionId, o.Id);
            var moves = false;
            var inserted = rows.Insert(
                "orders",
                $"order '{o.Id}' of bot '{o.Bot}'",
                new RowKey(o.Bot, o.Id),
                """
                SELECT i.symbol, o.side, o.type, o.quantity, o.price, o.ts, o.decision_id, o.status, o.exchange_order_id, d.external_id, o.id
                FROM orders o
                JOIN instruments i ON i.id = o.instrument_id
                LEFT JOIN decisions d ON d.id = o.decision_id
                WHERE o.bot_id = @bot AND o.client_order_id = @id
                """,
                c => { c.Add("@bot", bot.Id); c.Add("@id", o.Id); },
                r =>
                {
                    // A price, an exchange id or a decision not known when the order was recorded (a market order's price,
                    // which ccxt gives once the order filled; the decision of an order recorded as the exchange answered)
                    // is taken when given later; one known is never changed (another is a conflict).
                    var storedPrice = r.GetDecimalOrNull(4);
                    var storedDecision = r.GetInt64OrNull(6);
                    moves = r.GetString(7) != o.Status
                        || (storedPrice is null && o.Price is not null)
                        || (storedDecision is null && decision is not null)
                        || (r.IsDBNull(8) && o.ExchangeOrderId is not null);
                    return Diff("symbol", r.GetString(0), symbol.Text)
                        .Concat(Diff("side", r.GetString(1), o.Side.ToText()))
                        .Concat(Diff("type", r.GetString(2), o.Type))
                        .Concat(Diff("qty", r.GetDecimal(3), o.Quantity))
                        .Concat(storedPrice is null || o.Price is null ? [] : Diff("price", storedPrice, o.Price))
                        .Concat(Diff("ts", StoredTime.Read(r.GetValue(5)), Micro(o.Timestamp)))
                        .Concat(storedDecision is null || decision is null ? [] : Diff("decision", r.GetString(9), o.DecisionId))
                        .Concat(r.IsDBNull(8) || o.ExchangeOrderId is null ? [] : Diff("exchange_order_id", r.GetString(8), o.ExchangeOrderId))
                        .ToList();
                },
                $"""
                INSERT INTO orders (bot_id, client_order_id, exchange_order_id, instrument_id, side, type, quantity, price, status, decision_id, ts, {ProvenanceColumns})
                VALUES (@bot, @id, @exchange_id, @instrument, @side, @type, @quantity, @price, @status, @decision, @ts, {ProvenanceValues})
                """,
                c =>
                {
                    c.Add("@bot", bot.Id);
                    c.Add("@id", o.Id);
                    c.Add("@exchange_id", o.ExchangeOrderId);
                    c.Add("@instrument", instrument);
                    c.Add("@side", o.Side.ToText());
                    c.Add("@type", o.Type);
                    c.Add("@quantity", o.Quantity);
                    c.Add("@price", o.Price);
                    c.Add("@status", o.Status);
                    c.Add("@decision", decision);
                    c.Add("@ts", context.Database.Timestamp(o.Timestamp));
                    rows.AddProvenance(c, o.Provenance);
                });

            // An order's status is the one field that moves (new, partially filled, filled, canceled); its price,
            // exchange id and decision are filled in once.
            if (moves)
            {
                // When and by which import (none for a bot's own write), so that rolling back the batch that imported the
                // order is refused rather than losing the change.
                var update = context.Reused("""
                    UPDATE orders
                    SET status = @status, price = COALESCE(price, @price), exchange_order_id = COALESCE(exchange_order_id, @exchange_id),
                        decision_id = COALESCE(decision_id, @decision), changed_at = @changed_at, changed_by_import_batch_id = @changed_by
                    WHERE bot_id = @bot AND client_order_id = @id
                    """);
                update.Add("@changed_at", context.RecordedAt);
                update.Add("@changed_by", context.ImportBatchId);
                update.Add("@status", o.Status);
                update.Add("@price", o.Price);
                update.Add("@exchange_id", o.ExchangeOrderId);
                update.Add("@decision", decision);
                update.Add("@bot", bot.Id);
                update.Add("@id", o.Id);
                update.ExecuteNonQuery();
                counts.Updated("orders", o.Bot, o.Id);
            }

            if (o.ExchangeOrderId is not null && (inserted || moves))
            {
                LinkAwaitingFills(bot, o, instrument);
            }
        }
    }

    /// <summary>
    /// The fills recorded before <paramref name="order"/> that named it by the exchange's order id (a ccxt trade's
    /// <c>order</c>) now execute it. The id is the one stored, which a later record does not replace. Found through the
    /// index of fills still awaiting their order, which holds no other. One of them that trades another market, or on the
    /// other side, cannot be this order's: the order is refused (the batch is undone, so the fill waits on). The linked
    /// fills are checked as the statement returns them, so that an order with none waiting costs one statement.
    /// </summary>
    private void LinkAwaitingFills(BotRow bot, OrderRecord order, long instrument)
    {
        var link = context.Reused("""
            UPDATE fills
            SET order_id = (SELECT id FROM orders WHERE bot_id = @bot AND client_order_id = @id)
            WHERE bot_id = @bot AND order_id IS NULL
              AND exchange_order_id = (SELECT exchange_order_id FROM orders WHERE bot_id = @bot AND client_order_id = @id)
            RETURNING external_id, instrument_id, side
            """);
        link.Add("@bot", bot.Id);
        link.Add("@id", order.Id);
        (string Fill, long Instrument, string Side)? other = null;
        using (var linked = link.ExecuteReader())
        {
            while (other is null && linked.Read())
            {
                var (fill, fillInstrument, side) = (linked.GetString(0), Convert.ToInt64(linked.GetValue(1), CultureInfo.InvariantCulture), linked.GetString(2));
                other = fillInstrument != instrument || side != order.Side.ToText() ? (fill, fillInstrument, side) : null;
            }
        }

        if (other is { } refused)
        {
            throw new TradebookException(ErrorCode.Conflict,
                $"order '{order.Id}' of bot '{bot.Name}' is a {order.Side.ToText()} of {order.Symbol}, and fill '{refused.Fill}' of bot '{bot.Name}', " +
                $"recorded before it with exchange order id {order.ExchangeOrderId}, is a {refused.Side} of {keys.SymbolOf(refused.Instrument)}: " +
                $"{KnownOrder.Rule}; nothing was written");
        }
    }

    public void RecordSnapshots(IReadOnlyList<SnapshotRecord> snapshots)
    {
        foreach (var s in snapshots)
        {
            var bot = keys.Bot(s.Bot);
            rows.Insert(
                "snapshots",
                $"snapshot of bot '{s.Bot}' at {s.Timestamp:O}",
                new RowKey(s.Bot, s.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)),
                "SELECT equity, cash, id FROM equity_snapshots WHERE bot_id = @bot AND ts = @ts",
                c => { c.Add("@bot", bot.Id); c.Add("@ts", context.Database.Timestamp(s.Timestamp)); },
                r => Diff("equity", r.GetDecimal(0), s.Equity).Concat(Diff("cash", r.GetDecimalOrNull(1), s.Cash)),
                $"""
                INSERT INTO equity_snapshots (bot_id, ts, equity, cash, currency, {ProvenanceColumns})
                VALUES (@bot, @ts, @equity, @cash, @currency, {ProvenanceValues})
                """,
                c =>
                {
                    c.Add("@bot", bot.Id);
                    c.Add("@ts", context.Database.Timestamp(s.Timestamp));
                    c.Add("@equity", s.Equity);
                    c.Add("@cash", s.Cash);
                    c.Add("@currency", s.Currency);
                    rows.AddProvenance(c, s.Provenance);
                });
        }
    }
}
