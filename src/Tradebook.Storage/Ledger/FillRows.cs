using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using static Tradebook.Storage.Ledger.UniqueRows;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Writes fill rows. The insert itself finds a duplicate (ON CONFLICT on the natural key), so a fresh fill
/// costs one write and no lookup; only a duplicate is read back and compared. When
/// <paramref name="returnIds"/>, the insert returns the stored id (the server names each row it recorded).
/// </summary>
internal sealed class FillRows(WriteContext context, bool returnIds)
{
    private RowStatement? _insert;

    /// <summary>
    /// Inserts the fill with what Core derived from it; false when its id is recorded already. The stored
    /// id comes back in <paramref name="id"/> when ids are returned.
    /// </summary>
    public bool TryInsert(BotRow bot, FillRecord fill, long instrumentId, long? orderId, ConvertedFee fee, long? positionId, decimal realized, out long? id)
    {
        // The batch and the recording time are the same for every fill of a session; they are written into
        // the statement once rather than bound per row, where Microsoft.Data.Sqlite's binding cost shows.
        _insert ??= context.Prepare($"""
            INSERT INTO fills (bot_id, external_id, order_id, instrument_id, side, quantity, price, fee, fee_currency, fee_rate,
                               fee_quote, ts, position_id, realized_pnl, source, source_ref, bot_version, strategy_version,
                               exchange_order_id, import_batch_id, recorded_at)
            VALUES (@bot_id, @external_id, @order_id, @instrument_id, @side, @quantity, @price, @fee, @fee_currency, @fee_rate,
                    @fee_quote, @ts, @position_id, @realized_pnl, @source, @source_ref, @bot_version, @strategy_version,
                    @exchange_order_id, {context.ConstantsLiteral})
            ON CONFLICT (bot_id, external_id) DO NOTHING{(returnIds ? "\nRETURNING id" : "")}
            """,
            "@bot_id", "@external_id", "@order_id", "@instrument_id", "@side", "@quantity", "@price", "@fee", "@fee_currency", "@fee_rate",
            "@fee_quote", "@ts", "@position_id", "@realized_pnl", "@source", "@source_ref", "@bot_version", "@strategy_version",
            "@exchange_order_id");

        var c = _insert;
        c.Set(0, bot.Id);
        c.Set(1, fill.Id);
        c.Set(2, orderId);
        c.Set(3, instrumentId);
        c.Set(4, fill.Side.ToText());
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
        c.Set(18, fill.ExchangeOrderId);
        if (returnIds)
        {
            id = c.ExecuteInt64OrNull();
            return id is not null;
        }

        id = null;
        return c.ExecuteNonQuery() == 1;
    }

    /// <summary>A fill whose id is recorded already: the same values are a no-op (its stored id is returned), other values a conflict.</summary>
    public long CheckStored(BotRow bot, FillRecord fill)
    {
        var find = context.Reused("""
            SELECT i.symbol, f.side, f.quantity, f.price, f.fee, f.fee_currency, f.ts, o.client_order_id, f.id, f.exchange_order_id
            FROM fills f
            JOIN instruments i ON i.id = f.instrument_id
            LEFT JOIN orders o ON o.id = f.order_id
            WHERE f.bot_id = @bot AND f.external_id = @id
            """);
        find.Add("@bot", bot.Id);
        find.Add("@id", fill.Id);
        using var reader = find.ExecuteReader();
        reader.Read();
        var storedExchangeOrderId = reader.GetStringOrNull(9);

        // A fill kept with the exchange's order id is linked to the order once the bot records it: sent again
        // without an order id of the bot's own, it is the same fill.
        var linkedByExchange = fill.OrderId is null && storedExchangeOrderId is not null;
        var differences = Diff("symbol", reader.GetString(0), Symbol.Parse(fill.Symbol).Text)
            .Concat(Diff("side", EnumText.Parse<Side>(reader.GetString(1)), fill.Side))
            .Concat(Diff("qty", reader.GetDecimal(2), fill.Quantity))
            .Concat(Diff("price", reader.GetDecimal(3), fill.Price))
            .Concat(Diff("fee", reader.GetDecimal(4), fill.Fee))
            .Concat(Diff("fee_currency", reader.GetStringOrNull(5), NormalizeCurrency(fill.FeeCurrency)))
            .Concat(Diff("ts", StoredTime.Read(reader.GetValue(6)), Micro(fill.Timestamp)))
            .Concat(linkedByExchange ? [] : Diff("order_id", reader.GetStringOrNull(7), fill.OrderId))
            .Concat(Diff("exchange_order_id", storedExchangeOrderId, fill.ExchangeOrderId))
            .ToList();
        if (differences.Count > 0)
        {
            throw Conflict($"fill '{fill.Id}' of bot '{fill.Bot}'", differences);
        }

        return reader.GetInt64(8);
    }

    private static string? NormalizeCurrency(string? currency) => string.IsNullOrWhiteSpace(currency) ? null : currency.Trim().ToUpperInvariant();
}
