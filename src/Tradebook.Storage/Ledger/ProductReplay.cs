using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Replays a product: everything derived from its fills and cash flows (positions, lots, rollups, days,
/// unconverted fees, each fill's position and realized P&amp;L) is derived again by Core, in time order,
/// through the same steps that record a new fill. Needed when a fill or cash flow arrives older than what
/// the product already holds, and after rows are removed (an import rolled back). The fills and cash flows
/// keep their ids and values; the product's positions are reused in order, so a replay rewrites only the
/// rows whose figures changed and the positions before a late fill keep their ids.
/// </summary>
internal sealed class ProductReplay(WriteContext context, ProductStore products, PositionRows positions)
{
    private RowStatement? _setFillDerived;
    private RowStatement? _setCashFlowPosition;

    /// <summary>Replays every product that took a fill or cash flow older than what it held.</summary>
    public void ReplayLate()
    {
        foreach (var product in products.NeedingReplay())
        {
            Replay(product.BotId, product.InstrumentId);
        }
    }

    public void Replay(long botId, long instrumentId)
    {
        var (method, symbol, bot) = Identify(botId, instrumentId);
        var threshold = DustSettings.ThresholdOf(context.Connection, context.Transaction, bot, instrumentId);
        var fills = ReadFills(botId, instrumentId);
        var flows = ReadCashFlows(botId, instrumentId);
        ClearDerived(botId, instrumentId);
        positions.Reuse(PositionIds(botId, instrumentId));

        var product = products.StartOver(botId, instrumentId, method, symbol, threshold);
        foreach (var (stored, flow) in TimeOrder.Merge(fills, f => f.Fill.Timestamp, flows, f => f.Timestamp))
        {
            if (stored is not null)
            {
                var fill = stored.Fill;
                var fee = FeeConversion.ToQuote(fill.Fee, fill.FeeCurrency, fill.FeeRate, symbol.Base, symbol.Quote, fill.Price);
                var step = product.Plan(new TradeFill(fill.Side, fill.Quantity, fill.Price, fee.QuoteAmount), fill.Timestamp, positions);
                if (step.PositionId != stored.PositionId || step.Outcome.RealizedPnl != stored.Realized)
                {
                    SetFillDerived(stored.Id, step.PositionId, step.Outcome.RealizedPnl);
                }

                product.Commit(step, fee, fill.Timestamp, positions);
            }
            else if (CashFlowAttribution.CountsInProduct(flow!.Currency, symbol.Quote))
            {
                if (product.OpenPositionId != flow.PositionId)
                {
                    SetCashFlowPosition(flow.Id, product.OpenPositionId);
                }

                product.ApplyCashFlow(flow.Amount, flow.Timestamp);
            }
        }

        // Positions the replay did not need any more: nothing names them now.
        positions.DeleteUnused();
        product.Replayed();
    }

    /// <summary>The product's positions, oldest first, for the replay to take over in order.</summary>
    private List<long> PositionIds(long botId, long instrumentId)
    {
        using var command = context.Command("SELECT id FROM positions WHERE bot_id = @bot AND instrument_id = @instrument ORDER BY opened_at, id");
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private (CostBasisMethod Method, Symbol Symbol, string Bot) Identify(long botId, long instrumentId)
    {
        using var command = context.Command("""
            SELECT b.cost_method, i.symbol, i.base, i.quote, i.kind, b.name
            FROM bots b, instruments i
            WHERE b.id = @bot AND i.id = @instrument
            """);
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (EnumText.Parse<CostBasisMethod>(reader.GetString(0)),
            new Symbol(reader.GetString(1), reader.GetString(2), reader.GetString(3), EnumText.Parse<InstrumentKind>(reader.GetString(4))),
            reader.GetString(5));
    }

    private sealed record StoredFill(long Id, FillRecord Fill, long? PositionId, decimal Realized);

    private List<StoredFill> ReadFills(long botId, long instrumentId)
    {
        using var command = context.Command("""
            SELECT id, side, quantity, price, fee, fee_currency, fee_rate, ts, external_id, position_id, realized_pnl
            FROM fills
            WHERE bot_id = @bot AND instrument_id = @instrument
            ORDER BY ts, id
            """);
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        using var reader = command.ExecuteReader();
        var fills = new List<StoredFill>();
        while (reader.Read())
        {
            var fill = new FillRecord(
                string.Empty,
                reader.GetString(8),
                string.Empty,
                reader.GetString(1) == "buy" ? Side.Buy : Side.Sell,
                reader.GetDecimal(2),
                reader.GetDecimal(3),
                reader.GetDecimal(4),
                reader.GetStringOrNull(5),
                TradebookDatabase.ReadTimestamp(reader.GetValue(7)),
                FeeRate: reader.GetDecimalOrNull(6));
            fills.Add(new StoredFill(reader.GetInt64(0), fill, reader.GetInt64OrNull(9), reader.GetDecimal(10)));
        }

        return fills;
    }

    private sealed record StoredCashFlow(long Id, decimal Amount, string Currency, DateTimeOffset Timestamp, long? PositionId);

    private List<StoredCashFlow> ReadCashFlows(long botId, long instrumentId)
    {
        using var command = context.Command("""
            SELECT id, amount, currency, ts, position_id FROM cash_flows
            WHERE bot_id = @bot AND instrument_id = @instrument
            ORDER BY ts, id
            """);
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        using var reader = command.ExecuteReader();
        var flows = new List<StoredCashFlow>();
        while (reader.Read())
        {
            flows.Add(new StoredCashFlow(reader.GetInt64(0), reader.GetDecimal(1), reader.GetString(2), TradebookDatabase.ReadTimestamp(reader.GetValue(3)), reader.GetInt64OrNull(4)));
        }

        return flows;
    }

    /// <summary>Drops the product's sums, which the replay writes again whole; its positions are kept for reuse.</summary>
    private void ClearDerived(long botId, long instrumentId)
    {
        string[] statements =
        [
            "DELETE FROM product_rollups WHERE bot_id = @bot AND instrument_id = @instrument",
            "DELETE FROM daily_rollups WHERE bot_id = @bot AND instrument_id = @instrument",
            "DELETE FROM unconverted_fees WHERE bot_id = @bot AND instrument_id = @instrument",
            "DELETE FROM position_lots WHERE position_id IN (SELECT id FROM positions WHERE bot_id = @bot AND instrument_id = @instrument)",
        ];
        foreach (var sql in statements)
        {
            using var command = context.Command(sql);
            command.Add("@bot", botId);
            command.Add("@instrument", instrumentId);
            command.ExecuteNonQuery();
        }
    }

    private void SetFillDerived(long fillId, long? positionId, decimal realized)
    {
        _setFillDerived ??= context.Prepare("UPDATE fills SET position_id = @position, realized_pnl = @realized WHERE id = @id", "@position", "@realized", "@id");
        _setFillDerived.Set(0, positionId);
        _setFillDerived.Set(1, realized);
        _setFillDerived.Set(2, fillId);
        _setFillDerived.ExecuteNonQuery();
    }

    private void SetCashFlowPosition(long cashFlowId, long? positionId)
    {
        _setCashFlowPosition ??= context.Prepare("UPDATE cash_flows SET position_id = @position WHERE id = @id", "@position", "@id");
        _setCashFlowPosition.Set(0, positionId);
        _setCashFlowPosition.Set(1, cashFlowId);
        _setCashFlowPosition.ExecuteNonQuery();
    }
}
