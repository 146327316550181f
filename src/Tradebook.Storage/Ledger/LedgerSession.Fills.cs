using System.Data.Common;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

internal sealed partial class LedgerSession
{
    private const int LookupChunk = 500;

    private DbCommand? _insertFill;

    private void RecordFills(IReadOnlyList<FillRecord> fills)
    {
        if (fills.Count == 0)
        {
            return;
        }

        var stored = ExistingFills(fills);
        var seen = new Dictionary<(long Bot, string Id), FillRecord>();
        foreach (var fill in fills)
        {
            Validate(fill);
            var bot = Bot(fill.Bot);
            var key = (bot.Id, fill.Id);
            if (seen.TryGetValue(key, out var earlier) || stored.TryGetValue(key, out earlier))
            {
                var differences = FillDifferences(earlier, fill).ToList();
                if (differences.Count > 0)
                {
                    throw Conflict($"fill '{fill.Id}' of bot '{fill.Bot}'", differences);
                }

                Count("fills", existing: 1);
                continue;
            }

            InsertFill(bot, fill);
            seen[key] = fill;
            Count("fills", inserted: 1);
        }
    }

    private static void Validate(FillRecord fill)
    {
        Require(!string.IsNullOrWhiteSpace(fill.Id), $"a fill of bot '{fill.Bot}' has no id");
        Require(!string.IsNullOrWhiteSpace(fill.Symbol), $"fill '{fill.Id}' has no symbol");
        Require(fill.Quantity > 0, $"fill '{fill.Id}' has quantity {fill.Quantity}; it must be positive (the side says buy or sell)");
        Require(fill.Price >= 0, $"fill '{fill.Id}' has a negative price {fill.Price}");
    }

    private void InsertFill(BotRow bot, FillRecord fill)
    {
        var (instrumentId, symbol) = Instrument(fill.Symbol);
        long? orderId = fill.OrderId is null ? null : OrderId(bot, fill.OrderId, fill.Id);
        var fee = FeeConversion.ToQuote(fill.Fee, fill.FeeCurrency, fill.FeeRate, symbol.Base, symbol.Quote, fill.Price);
        var product = Product(bot, instrumentId, symbol);

        var before = product.Book;
        var outcome = before.Apply(new TradeFill(fill.Side, fill.Quantity, fill.Price, fee.QuoteAmount));
        var current = product.Open;

        // The fill belongs to the position it closes; a fill from flat starts a new one first.
        if (before.IsFlat)
        {
            product.Open = OpenPosition(product, fill.Side == Side.Buy, fill.Timestamp);
        }

        var position = current ?? product.Open!;
        var closedPart = outcome.ClosedQuantity;
        position.Fees += closedPart > 0 && outcome.OpenedQuantity > 0 ? fee.QuoteAmount * closedPart / fill.Quantity : fee.QuoteAmount;
        position.RealizedPnl += outcome.RealizedPnl;
        product.TouchedPositions[position.Id] = position;

        InsertFillRow(bot, fill, instrumentId, orderId, fee, position.Id, outcome.RealizedPnl);

        if (outcome.ClosedRoundTrip)
        {
            position.ClosedAt = fill.Timestamp;
            product.Open = null;
            if (outcome.OpenedQuantity > 0)
            {
                // A flip: the rest of the fill opens a position on the other side.
                product.Open = OpenPosition(product, fill.Side == Side.Buy, fill.Timestamp);
                product.Open.Fees += fee.QuoteAmount - (fee.QuoteAmount * closedPart / fill.Quantity);
                product.TouchedPositions[product.Open.Id] = product.Open;
            }
        }

        if (product.Open is { } open)
        {
            open.MaxQuantity = Math.Max(open.MaxQuantity, Math.Abs(outcome.Book.Quantity));
        }

        product.Book = outcome.Book;
        product.Fills++;
        product.LastFillAt = product.LastFillAt is { } last && last > fill.Timestamp ? last : fill.Timestamp;
        product.Dirty = true;
        if (!fee.IsConverted)
        {
            product.UnconvertedFees[fee.UnconvertedCurrency!] = product.UnconvertedFees.GetValueOrDefault(fee.UnconvertedCurrency!) + fee.UnconvertedAmount;
        }

        var day = product.Day(fill.Timestamp);
        day.RealizedPnl += outcome.RealizedPnl;
        day.Fees += fee.QuoteAmount;
        day.Fills++;
        if (outcome.ClosedRoundTrip)
        {
            day.Trades++;
            day.Wins += outcome.RoundTripWon ? 1 : 0;
        }
    }

    private void InsertFillRow(BotRow bot, FillRecord fill, long instrumentId, long? orderId, ConvertedFee fee, long positionId, decimal realized)
    {
        if (_insertFill is null)
        {
            _insertFill = connection.Command(transaction, $"""
                INSERT INTO fills (bot_id, external_id, order_id, instrument_id, side, quantity, price, fee, fee_currency, fee_rate,
                                   fee_quote, ts, position_id, realized_pnl, {ProvenanceColumns})
                VALUES (@bot_id, @external_id, @order_id, @instrument_id, @side, @quantity, @price, @fee, @fee_currency, @fee_rate,
                        @fee_quote, @ts, @position_id, @realized_pnl, {ProvenanceValues})
                """);
            foreach (var name in new[] { "@bot_id", "@external_id", "@order_id", "@instrument_id", "@side", "@quantity", "@price", "@fee", "@fee_currency", "@fee_rate", "@fee_quote", "@ts", "@position_id", "@realized_pnl" })
            {
                _insertFill.Add(name);
            }

            AddProvenance(_insertFill, null);
            _insertFill.Prepare();
        }

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
        c.Set(11, database.Timestamp(fill.Timestamp));
        c.Set(12, positionId);
        c.Set(13, realized);
        c.Set(14, fill.Provenance?.Source);
        c.Set(15, fill.Provenance?.SourceRef);
        c.Set(16, fill.Provenance?.BotVersion);
        c.Set(17, fill.Provenance?.StrategyVersion);
        c.ExecuteNonQuery();
    }

    private static string? NormalizeCurrency(string? currency) => string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant();

    /// <summary>Looks up, in chunks, which of the batch's fills are already stored, with the values to compare.</summary>
    private Dictionary<(long Bot, string Id), FillRecord> ExistingFills(IReadOnlyList<FillRecord> fills)
    {
        var existing = new Dictionary<(long Bot, string Id), FillRecord>();
        foreach (var group in fills.Where(f => !string.IsNullOrWhiteSpace(f.Bot)).GroupBy(f => f.Bot, StringComparer.Ordinal))
        {
            var bot = Bot(group.Key);
            foreach (var chunk in group.Select(f => f.Id).Where(id => id is not null).Distinct(StringComparer.Ordinal).Chunk(LookupChunk))
            {
                var names = chunk.Select((_, i) => $"@k{i}").ToList();
                using var command = connection.Command(transaction, $"""
                    SELECT f.external_id, i.symbol, f.side, f.quantity, f.price, f.fee, f.fee_currency, f.ts, o.client_order_id, f.fee_rate
                    FROM fills f
                    JOIN instruments i ON i.id = f.instrument_id
                    LEFT JOIN orders o ON o.id = f.order_id
                    WHERE f.bot_id = @bot AND f.external_id IN ({string.Join(", ", names)})
                    """);
                command.Add("@bot", bot.Id);
                for (var i = 0; i < chunk.Length; i++)
                {
                    command.Add(names[i], chunk[i]);
                }

                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var id = reader.GetString(0);
                    existing[(bot.Id, id)] = new FillRecord(
                        bot.Name,
                        id,
                        reader.GetString(1),
                        reader.GetString(2) == "buy" ? Side.Buy : Side.Sell,
                        reader.GetDecimal(3),
                        reader.GetDecimal(4),
                        reader.GetDecimal(5),
                        reader.GetStringOrNull(6),
                        TradebookDatabase.ReadTimestamp(reader.GetValue(7)),
                        reader.GetStringOrNull(8),
                        reader.GetDecimalOrNull(9));
                }
            }
        }

        return existing;
    }

    private static IEnumerable<string> FillDifferences(FillRecord stored, FillRecord given) =>
        Diff("symbol", stored.Symbol, Symbol.Parse(given.Symbol).Text)
            .Concat(Diff("side", stored.Side, given.Side))
            .Concat(Diff("qty", stored.Quantity, given.Quantity))
            .Concat(Diff("price", stored.Price, given.Price))
            .Concat(Diff("fee", stored.Fee, given.Fee))
            .Concat(Diff("fee_currency", stored.FeeCurrency, NormalizeCurrency(given.FeeCurrency)))
            .Concat(Diff("ts", stored.Timestamp, Micro(given.Timestamp)))
            .Concat(Diff("order_id", stored.OrderId, given.OrderId));


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
