using System.Collections.Immutable;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// The products a session works on, each loaded once from its rollup, its open position and (FIFO) its
/// lots, with the dust threshold its bot's settings give it (<see cref="DustSettings"/>), and kept until
/// the transaction ends (or longer, <see cref="LedgerCache"/>): what a batch changes is written from
/// here at its end.
/// </summary>
internal sealed class ProductStore(WriteContext context, LedgerCache cache)
{
    private readonly Dictionary<(long Bot, long Instrument), SessionProduct> _products = cache.Products;

    /// <summary>Products changed since the last flush.</summary>
    public IEnumerable<SessionProduct> Dirty => _products.Values.Where(p => p.Dirty);

    /// <summary>Products that took a fill or cash flow older than what they held.</summary>
    public List<SessionProduct> NeedingReplay() => [.. _products.Values.Where(p => p.NeedsReplay)];

    public SessionProduct Get(BotRow bot, long instrumentId, Symbol symbol)
    {
        if (_products.TryGetValue((bot.Id, instrumentId), out var product))
        {
            return product;
        }

        product = Load(bot, instrumentId, symbol);
        _products[(bot.Id, instrumentId)] = product;
        return product;
    }

    /// <summary>
    /// Starts a product over from an empty book, for a replay that derives it again from its fills; it is the
    /// product's <paramref name="replays"/>th replay.
    /// </summary>
    public SessionProduct StartOver(long botId, long instrumentId, CostBasisMethod method, Symbol symbol, decimal dustThreshold, long replays)
    {
        var product = new SessionProduct(botId, instrumentId, symbol.Quote, ProductBook.Empty(method, dustThreshold)) { Replays = replays };
        _products[(botId, instrumentId)] = product;
        return product;
    }

    /// <summary>Resumes a product from a checkpoint, for a replay of what came at or after its time.</summary>
    public SessionProduct Resume(long botId, long instrumentId, Symbol symbol, ProductCheckpoint checkpoint, long replays)
    {
        var product = SessionProduct.Resumed(botId, instrumentId, symbol.Quote, checkpoint, replays);
        _products[(botId, instrumentId)] = product;
        return product;
    }

    /// <summary>The product as the session holds it, if it loaded it.</summary>
    public SessionProduct? Held(long botId, long instrumentId) => _products.GetValueOrDefault((botId, instrumentId));

    /// <summary>Marks a stored product for a replay at the end of the batch: what decides its dust changed.</summary>
    public void MarkForReplay(BotRow bot, long instrumentId, Symbol symbol) => Get(bot, instrumentId, symbol).MarkForReplay();

    private SessionProduct Load(BotRow bot, long instrumentId, Symbol symbol)
    {
        var empty = ProductBook.Empty(bot.Method, DustSettings.ThresholdOf(context.Connection, context.Transaction, bot.Name, instrumentId));
        using var command = context.Command("""
            SELECT r.quantity, r.entry_notional, r.entry_fees, r.realized_pnl, r.fees, r.cash_flow_pnl,
                   r.trades, r.wins, r.fills, r.last_fill_at, r.open_position_id,
                   p.direction, p.opened_at, p.max_quantity, p.realized_pnl, p.fees, p.cash_flow_pnl,
                   (SELECT MAX(c.ts) FROM cash_flows c WHERE c.bot_id = r.bot_id AND c.instrument_id = r.instrument_id),
                   r.dust, r.dust_notional, r.dust_fees, r.unpriced_fills,
                   (SELECT MAX(k.fills) FROM product_checkpoints k WHERE k.bot_id = r.bot_id AND k.instrument_id = r.instrument_id),
                   r.replays
            FROM product_rollups r
            LEFT JOIN positions p ON p.id = r.open_position_id
            WHERE r.bot_id = @bot AND r.instrument_id = @instrument
            """);
        command.Add("@bot", bot.Id);
        command.Add("@instrument", instrumentId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return new SessionProduct(bot.Id, instrumentId, symbol.Quote, empty);
        }

        // The open position's realized P&L is the book's OpenPositionRealized: the rollup's copy is not read.
        var quantity = reader.GetDecimal(0);
        var openPositionId = reader.GetInt64OrNull(10);
        var book = empty with
        {
            Quantity = quantity,
            Dust = reader.GetDecimal(18),
            DustNotional = reader.GetDecimal(19),
            DustFees = reader.GetDecimal(20),
            RealizedPnl = reader.GetDecimal(3),
            Fees = reader.GetDecimal(4),
            CashFlowPnl = reader.GetDecimal(5),
            Trades = reader.GetInt32(6),
            Wins = reader.GetInt32(7),
            Fills = reader.GetInt32(8),
            UnpricedFills = reader.GetInt32(21),
            OpenPosition = openPositionId is null ? null : new Position(
                EnumText.Parse<PositionDirection>(reader.GetString(11)),
                StoredTime.Read(reader.GetValue(12)),
                null,
                reader.GetDecimal(13),
                reader.GetDecimal(14),
                reader.GetDecimal(15),
                reader.GetDecimal(16)),
        };
        var lastFillAt = StoredTime.ReadOrNull(reader.GetValue(9));
        var lastCashFlowAt = StoredTime.ReadOrNull(reader.GetValue(17));
        var checkpointFills = reader.IsDBNull(22) ? 0 : reader.GetInt32(22);
        var replays = reader.GetInt64(23);
        var entry = new Lot(Math.Abs(quantity), reader.GetDecimal(1), reader.GetDecimal(2));
        reader.Close();

        // Average cost keeps one lot, whose figures are the rollup's entry; FIFO keeps its lots apart.
        book = book with { Lots = quantity == 0 ? [] : bot.Method == CostBasisMethod.Fifo ? LoadLots(openPositionId!.Value) : [entry] };
        return SessionProduct.Stored(bot.Id, instrumentId, symbol.Quote, book, openPositionId, lastFillAt, lastCashFlowAt, checkpointFills, replays);
    }

    private ImmutableArray<Lot> LoadLots(long positionId)
    {
        using var command = context.Command("SELECT quantity, notional, fees FROM position_lots WHERE position_id = @position ORDER BY seq");
        command.Add("@position", positionId);
        using var reader = command.ExecuteReader();
        var lots = ImmutableArray.CreateBuilder<Lot>();
        while (reader.Read())
        {
            lots.Add(new Lot(reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2)));
        }

        return lots.ToImmutable();
    }
}
