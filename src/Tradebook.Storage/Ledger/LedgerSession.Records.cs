using System.Data.Common;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

internal sealed partial class LedgerSession
{
    /// <summary>
    /// The idempotent write every kind of row shares: insert unless the natural key is taken (the
    /// database decides, with ON CONFLICT, so two writers recording the same row at once both succeed);
    /// when it is taken, read the stored row and either report it as existing or refuse the conflict.
    /// </summary>
    private bool InsertUnique(string kind, string what, string selectSql, Action<DbCommand> bindKey, Func<DbDataReader, IEnumerable<string>> differences, string insertSql, Action<DbCommand> bindRow)
    {
        using (var insert = connection.Command(transaction, insertSql + "\nON CONFLICT DO NOTHING"))
        {
            bindRow(insert);
            if (insert.ExecuteNonQuery() == 1)
            {
                Count(kind, inserted: 1);
                return true;
            }
        }

        using var select = connection.Command(transaction, selectSql);
        bindKey(select);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            throw new TradebookException(ErrorCode.Conflict, $"{what} could not be recorded: it collides with a stored row under another key; nothing was written");
        }

        var diff = differences(reader).ToList();
        if (diff.Count > 0)
        {
            throw Conflict(what, diff);
        }

        Count(kind, existing: 1);
        return false;
    }

    private void RecordSignals(IReadOnlyList<SignalRecord> signals)
    {
        foreach (var s in signals)
        {
            Require(!string.IsNullOrWhiteSpace(s.Id), $"a signal of bot '{s.Bot}' has no id");
            var bot = Bot(s.Bot);
            var instrument = OptionalInstrument(s.Symbol);
            InsertUnique(
                "signals",
                $"signal '{s.Id}' of bot '{s.Bot}'",
                "SELECT instrument_id, ts, signal, strength, price FROM signals WHERE bot_id = @bot AND external_id = @id",
                c => { c.Add("@bot", bot.Id); c.Add("@id", s.Id); },
                r => Diff("symbol", r.GetInt64OrNull(0), instrument)
                    .Concat(Diff("ts", TradebookDatabase.ReadTimestamp(r.GetValue(1)), Micro(s.Timestamp)))
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
                    c.Add("@ts", database.Timestamp(s.Timestamp));
                    c.Add("@signal", s.Signal);
                    c.Add("@strength", s.Strength);
                    c.Add("@price", s.Price);
                    c.Add("@payload", s.Payload);
                    AddProvenance(c, s.Provenance);
                });
        }
    }

    private void RecordDecisions(IReadOnlyList<DecisionRecord> decisions)
    {
        foreach (var d in decisions)
        {
            Require(!string.IsNullOrWhiteSpace(d.Id), $"a decision of bot '{d.Bot}' has no id");
            var bot = Bot(d.Bot);
            var inserted = InsertUnique(
                "decisions",
                $"decision '{d.Id}' of bot '{d.Bot}'",
                "SELECT ts, decision FROM decisions WHERE bot_id = @bot AND external_id = @id",
                c => { c.Add("@bot", bot.Id); c.Add("@id", d.Id); },
                r => Diff("ts", TradebookDatabase.ReadTimestamp(r.GetValue(0)), Micro(d.Timestamp)).Concat(Diff("decision", r.GetString(1), d.Decision)),
                $"""
                INSERT INTO decisions (bot_id, external_id, ts, inputs, decision, notes, outcome, {ProvenanceColumns})
                VALUES (@bot, @id, @ts, @inputs, @decision, @notes, @outcome, {ProvenanceValues})
                """,
                c =>
                {
                    c.Add("@bot", bot.Id);
                    c.Add("@id", d.Id);
                    c.Add("@ts", database.Timestamp(d.Timestamp));
                    c.Add("@inputs", d.Inputs);
                    c.Add("@decision", d.Decision);
                    c.Add("@notes", d.Notes);
                    c.Add("@outcome", d.Outcome);
                    AddProvenance(c, d.Provenance);
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
            using var link = connection.Command(transaction, """
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

    private void RecordOrders(IReadOnlyList<OrderRecord> orders)
    {
        foreach (var o in orders)
        {
            Require(!string.IsNullOrWhiteSpace(o.Id), $"an order of bot '{o.Bot}' has no id");
            Require(o.Quantity > 0, $"order '{o.Id}' has quantity {o.Quantity}; it must be positive");
            var bot = Bot(o.Bot);
            var (instrument, _) = Instrument(o.Symbol);
            long? decision = o.DecisionId is null ? null : DecisionId(bot, o.DecisionId, o.Id);
            string? storedStatus = null;
            var inserted = InsertUnique(
                "orders",
                $"order '{o.Id}' of bot '{o.Bot}'",
                "SELECT instrument_id, side, type, quantity, price, ts, decision_id, status FROM orders WHERE bot_id = @bot AND client_order_id = @id",
                c => { c.Add("@bot", bot.Id); c.Add("@id", o.Id); },
                r =>
                {
                    storedStatus = r.GetString(7);
                    return Diff("symbol", r.GetInt64(0), instrument)
                        .Concat(Diff("side", r.GetString(1), o.Side.ToText()))
                        .Concat(Diff("type", r.GetString(2), o.Type))
                        .Concat(Diff("qty", r.GetDecimal(3), o.Quantity))
                        .Concat(Diff("price", r.GetDecimalOrNull(4), o.Price))
                        .Concat(Diff("ts", TradebookDatabase.ReadTimestamp(r.GetValue(5)), Micro(o.Timestamp)))
                        .Concat(Diff("decision", r.GetInt64OrNull(6), decision))
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
                    c.Add("@ts", database.Timestamp(o.Timestamp));
                    AddProvenance(c, o.Provenance);
                });

            // An order's status is the one field that moves (new, partially filled, filled, canceled).
            if (!inserted && storedStatus != o.Status)
            {
                using var update = connection.Command(transaction, "UPDATE orders SET status = @status, exchange_order_id = COALESCE(exchange_order_id, @exchange_id) WHERE bot_id = @bot AND client_order_id = @id");
                update.Add("@status", o.Status);
                update.Add("@exchange_id", o.ExchangeOrderId);
                update.Add("@bot", bot.Id);
                update.Add("@id", o.Id);
                update.ExecuteNonQuery();
                Count("orders", existing: -1, updated: 1);
            }
        }
    }

    private long DecisionId(BotRow bot, string decisionId, string orderId)
    {
        using var command = connection.Command(transaction, "SELECT id FROM decisions WHERE bot_id = @bot AND external_id = @id");
        command.Add("@bot", bot.Id);
        command.Add("@id", decisionId);
        return command.ExecuteScalar() is { } id and not DBNull
            ? Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture)
            : throw new TradebookException(ErrorCode.InvalidInput, $"order '{orderId}' names decision '{decisionId}', which is not recorded for bot '{bot.Name}'");
    }

    private void RecordCashFlow(CashFlowRecord f)
    {
        Require(!string.IsNullOrWhiteSpace(f.Id), $"a cash flow of bot '{f.Bot}' has no id");
        Require(!string.IsNullOrWhiteSpace(f.Currency), $"cash flow '{f.Id}' has no currency");
        var bot = Bot(f.Bot);
        ProductState? product = null;
        long? instrument = null;
        if (!string.IsNullOrWhiteSpace(f.Symbol))
        {
            var (id, symbol) = Instrument(f.Symbol);
            instrument = id;
            product = Product(bot, id, symbol);
        }

        // Only a flow in the product's quote currency can be added to its P&L without a rate.
        var attributed = product is not null && CashFlowAttribution.CountsInProduct(f.Currency, product.Quote);
        var inserted = InsertUnique(
            "cash_flows",
            $"cash flow '{f.Id}' of bot '{f.Bot}'",
            "SELECT kind, amount, currency, ts, instrument_id FROM cash_flows WHERE bot_id = @bot AND external_id = @id",
            c => { c.Add("@bot", bot.Id); c.Add("@id", f.Id); },
            r => Diff("kind", r.GetString(0), f.Kind.ToText())
                .Concat(Diff("amount", r.GetDecimal(1), f.Amount))
                .Concat(Diff("currency", r.GetString(2), f.Currency.Trim().ToUpperInvariant()))
                .Concat(Diff("ts", TradebookDatabase.ReadTimestamp(r.GetValue(3)), Micro(f.Timestamp)))
                .Concat(Diff("symbol", r.GetInt64OrNull(4), instrument)),
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
                c.Add("@ts", database.Timestamp(f.Timestamp));
                AddProvenance(c, f.Provenance);
            });
        if (inserted && attributed)
        {
            ApplyCashFlow(product!, f.Amount, f.Timestamp);
        }
    }

    /// <summary>Applies a cash flow in the product's quote currency to its book: its P&amp;L, the position open at the time, the day.</summary>
    private static void ApplyCashFlow(ProductState product, decimal amount, DateTimeOffset at)
    {
        if (product.LastFillAt > at)
        {
            product.NeedsReplay = true;
        }

        product.LastCashFlowAt = product.LastCashFlowAt > at ? product.LastCashFlowAt : at;
        var outcome = product.Book.ApplyCashFlow(amount, at);
        product.Book = outcome.Book;
        product.AddToDay(outcome.Day, outcome.DayChange);
        product.Dirty = true;
    }

    private void RecordSnapshots(IReadOnlyList<SnapshotRecord> snapshots)
    {
        foreach (var s in snapshots)
        {
            var bot = Bot(s.Bot);
            InsertUnique(
                "snapshots",
                $"snapshot of bot '{s.Bot}' at {s.Timestamp:O}",
                "SELECT equity, cash FROM equity_snapshots WHERE bot_id = @bot AND ts = @ts",
                c => { c.Add("@bot", bot.Id); c.Add("@ts", database.Timestamp(s.Timestamp)); },
                r => Diff("equity", r.GetDecimal(0), s.Equity).Concat(Diff("cash", r.GetDecimalOrNull(1), s.Cash)),
                $"""
                INSERT INTO equity_snapshots (bot_id, ts, equity, cash, currency, {ProvenanceColumns})
                VALUES (@bot, @ts, @equity, @cash, @currency, {ProvenanceValues})
                """,
                c =>
                {
                    c.Add("@bot", bot.Id);
                    c.Add("@ts", database.Timestamp(s.Timestamp));
                    c.Add("@equity", s.Equity);
                    c.Add("@cash", s.Cash);
                    c.Add("@currency", s.Currency);
                    AddProvenance(c, s.Provenance);
                });
        }
    }

    private void RecordPriceBars(IReadOnlyList<PriceBar> bars)
    {
        foreach (var b in bars)
        {
            var (instrument, _) = Instrument(b.Symbol);
            InsertUnique(
                "price_bars",
                $"{b.Interval} bar of {b.Symbol} at {b.Timestamp:O}",
                "SELECT open, high, low, close FROM price_bars WHERE instrument_id = @instrument AND timeframe = @timeframe AND ts = @ts",
                c => { c.Add("@instrument", instrument); c.Add("@timeframe", b.Interval); c.Add("@ts", database.Timestamp(b.Timestamp)); },
                r => Diff("open", r.GetDecimal(0), b.Open).Concat(Diff("high", r.GetDecimal(1), b.High)).Concat(Diff("low", r.GetDecimal(2), b.Low)).Concat(Diff("close", r.GetDecimal(3), b.Close)),
                "INSERT INTO price_bars (instrument_id, timeframe, ts, open, high, low, close, volume, import_batch_id) VALUES (@instrument, @timeframe, @ts, @open, @high, @low, @close, @volume, @batch)",
                c =>
                {
                    c.Add("@instrument", instrument);
                    c.Add("@timeframe", b.Interval);
                    c.Add("@ts", database.Timestamp(b.Timestamp));
                    c.Add("@open", b.Open);
                    c.Add("@high", b.High);
                    c.Add("@low", b.Low);
                    c.Add("@close", b.Close);
                    c.Add("@volume", b.Volume);
                    c.Add("@batch", importBatchId);
                });
        }
    }

    private void RecordFxRates(IReadOnlyList<FxRate> rates)
    {
        foreach (var r in rates)
        {
            var (fxBase, fxQuote) = (r.Base.Trim().ToUpperInvariant(), r.Quote.Trim().ToUpperInvariant());
            InsertUnique(
                "fx_rates",
                $"{fxBase}/{fxQuote} rate at {r.Timestamp:O}",
                "SELECT rate FROM fx_rates WHERE base = @base AND quote = @quote AND ts = @ts",
                c => { c.Add("@base", fxBase); c.Add("@quote", fxQuote); c.Add("@ts", database.Timestamp(r.Timestamp)); },
                reader => Diff("rate", reader.GetDecimal(0), r.Rate),
                "INSERT INTO fx_rates (base, quote, ts, rate, import_batch_id) VALUES (@base, @quote, @ts, @rate, @batch)",
                c =>
                {
                    c.Add("@base", fxBase);
                    c.Add("@quote", fxQuote);
                    c.Add("@ts", database.Timestamp(r.Timestamp));
                    c.Add("@rate", r.Rate);
                    c.Add("@batch", importBatchId);
                });
        }
    }

    /// <summary>
    /// Settings are the one mutable kind, last write wins: a new key is inserted, the same value changes
    /// nothing, another value replaces the stored one. <c>settings.import_batch_id</c> names the import
    /// whose write the value is; when an import replaces a value, the value it replaced is kept in
    /// <c>import_replaced_settings</c>, so that rolling the import back restores it.
    /// </summary>
    private void RecordSettings(IReadOnlyList<Setting> settings)
    {
        foreach (var s in settings)
        {
            using var find = connection.Command(transaction, "SELECT value, updated_at, import_batch_id FROM settings WHERE scope = @scope AND key = @key");
            find.Add("@scope", s.Scope);
            find.Add("@key", s.Key);
            string? stored = null;
            object? storedAt = null;
            long? storedBatch = null;
            using (var reader = find.ExecuteReader())
            {
                if (reader.Read())
                {
                    (stored, storedAt, storedBatch) = (reader.GetString(0), reader.GetValue(1), reader.GetInt64OrNull(2));
                }
            }

            if (stored == s.Value)
            {
                Count("settings", existing: 1);
                continue;
            }

            if (stored is not null && importBatchId is not null)
            {
                // The first value this import replaced is the one a rollback restores.
                using var keep = connection.Command(transaction, """
                    INSERT INTO import_replaced_settings (import_batch_id, scope, key, value, updated_at, previous_batch_id)
                    VALUES (@batch, @scope, @key, @value, @updated_at, @previous)
                    ON CONFLICT (import_batch_id, scope, key) DO NOTHING
                    """);
                keep.Add("@batch", importBatchId);
                keep.Add("@scope", s.Scope);
                keep.Add("@key", s.Key);
                keep.Add("@value", stored);
                keep.Add("@updated_at", storedAt);
                keep.Add("@previous", storedBatch);
                keep.ExecuteNonQuery();
            }

            using var write = connection.Command(transaction, stored is null
                ? "INSERT INTO settings (scope, key, value, updated_at, import_batch_id) VALUES (@scope, @key, @value, @now, @import_batch_id)"
                : "UPDATE settings SET value = @value, updated_at = @now, import_batch_id = @import_batch_id WHERE scope = @scope AND key = @key");
            write.Add("@scope", s.Scope);
            write.Add("@key", s.Key);
            write.Add("@value", s.Value);
            write.Add("@now", _recordedAt);
            write.Add("@import_batch_id", importBatchId);
            write.ExecuteNonQuery();
            Count("settings", inserted: stored is null ? 1 : 0, updated: stored is null ? 0 : 1);
        }
    }

    private static DateTimeOffset Micro(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);
}
