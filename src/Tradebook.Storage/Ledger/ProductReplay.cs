using System.Data.Common;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Replays a product: everything derived from its fills and cash flows (positions, lots, rollups, days,
/// unconverted fees, each fill's position and realized P&amp;L) is derived again by Core, in time order,
/// through the same steps that record a new fill. Needed when a fill or cash flow arrives older than what
/// the product already holds, and after rows are removed (an import rolled back). A late row is replayed
/// from the latest checkpoint of the product's book before it (<see cref="ProductCheckpoints"/>), so that it
/// costs the fills after that checkpoint, not the product's whole history; without one, or when every figure
/// may have changed, the replay starts from the first fill. The fills and cash flows keep their ids and
/// values; a position takes over the row its opening fill was stored under, when no position before it did, so a
/// replay rewrites only the rows whose figures changed, the positions before a late fill keep their ids, and a
/// fill that stays in the round trip it was in keeps its row (only its realized P&amp;L is written again). A position
/// that cannot take over its own former row takes one that none of the fills still to be replayed was stored under,
/// when there is one, rather than a new row while that one would be deleted at the end.
/// </summary>
internal sealed class ProductReplay(WriteContext context, ProductStore products, PositionRows positions, ProductCheckpoints checkpoints)
{
    private RowStatement? _setFillDerived;
    private RowStatement? _setFillRealized;
    private RowStatement? _setCashFlowPosition;

    /// <summary>Replays every product that took a fill or cash flow older than what it held.</summary>
    public void ReplayLate()
    {
        foreach (var product in products.NeedingReplay())
        {
            Replay(product.BotId, product.InstrumentId, product.ReplayFrom);
        }
    }

    /// <summary>
    /// Replays the product from its latest usable checkpoint at or before <paramref name="from"/>, the earliest
    /// time whose stored figures may be wrong; from its first fill when <paramref name="from"/> is null.
    /// </summary>
    public void Replay(long botId, long instrumentId, DateTimeOffset? from = null)
    {
        var (method, symbol, bot) = Identify(botId, instrumentId);
        var threshold = DustSettings.ThresholdOf(context.Connection, context.Transaction, bot, instrumentId);
        var checkpoint = from is { } late ? checkpoints.LatestUsable(botId, instrumentId, late, method, threshold) : null;

        // Checkpoints after the one resumed from may hold what the late row changes: the replay saves them again.
        checkpoints.DeleteAfter(botId, instrumentId, checkpoint?.At);
        var fills = ReadFills(botId, instrumentId, checkpoint?.At);
        var flows = ReadCashFlows(botId, instrumentId, checkpoint?.At);
        var replays = StoredReplays(botId, instrumentId) + 1;
        SessionProduct product;
        if (checkpoint is null)
        {
            ClearDerived(botId, instrumentId, from: null);
            positions.Reuse(PositionIds(botId, instrumentId));
            product = products.StartOver(botId, instrumentId, method, symbol, threshold, replays);
        }
        else
        {
            var reusable = PositionsAfter(botId, instrumentId, checkpoint, fills, flows);
            ClearDerived(botId, instrumentId, checkpoint.At);
            positions.Reuse(reusable);
            product = products.Resume(botId, instrumentId, symbol, checkpoint, replays);
        }

        var formerRows = FormerRows(fills);
        var spentAfter = SpentAfter(fills, positions);
        var fillsDone = 0;
        foreach (var (stored, flow) in TimeOrder.Merge(fills, f => f.Fill.Timestamp, flows, f => f.Timestamp))
        {
            if (stored is not null)
            {
                var next = formerRows[++fillsDone];
                var fill = stored.Fill;
                var fee = FeeConversion.ToQuote(fill.Fee, fill.FeeCurrency, fill.FeeRate, symbol.Base, symbol.Quote, fill.Price);
                var step = product.Plan(new TradeFill(fill.Side, fill.Quantity, fill.Price, fee.QuoteAmount), fill.Timestamp, positions, stored.PositionId);
                if (step.PositionId != stored.PositionId)
                {
                    SetFillDerived(stored.Id, step.PositionId, step.Outcome.RealizedPnl);
                }
                else if (step.Outcome.RealizedPnl != stored.Realized)
                {
                    SetFillRealized(stored.Id, step.Outcome.RealizedPnl);
                }

                checkpoints.BeforeFill(product, fill.Timestamp);
                product.Commit(step, fee, fill.Timestamp, positions, next);
                if (spentAfter[fillsDone - 1] is { } spent)
                {
                    positions.Spent(spent);
                }
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

    /// <summary>
    /// The positions a replay from <paramref name="checkpoint"/> may take over: those the
    /// fills and cash flows after it name, and the product's open position as stored and as the session holds
    /// it. The position open at the checkpoint goes on as it is, and those closed before it are left alone: no
    /// row after the checkpoint can name them.
    /// </summary>
    private HashSet<long> PositionsAfter(long botId, long instrumentId, ProductCheckpoint checkpoint, List<StoredFill> fills, List<StoredCashFlow> flows)
    {
        var ids = new HashSet<long>(fills.Select(f => f.PositionId).Concat(flows.Select(f => f.PositionId)).OfType<long>());
        if (products.Held(botId, instrumentId)?.OpenPositionId is { } held)
        {
            ids.Add(held);
        }

        using var command = context.Command("SELECT open_position_id FROM product_rollups WHERE bot_id = @bot AND instrument_id = @instrument");
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        if (command.ExecuteScalar() is { } stored and not DBNull)
        {
            ids.Add(Convert.ToInt64(stored, CultureInfo.InvariantCulture));
        }

        if (checkpoint.OpenPositionId is { } continuing)
        {
            ids.Remove(continuing);
        }

        return ids;
    }

    /// <summary>
    /// For each fill, the row it was stored under, or the next one a later fill was stored under when it has none (a
    /// late fill recorded without one); one more entry, null, follows the last fill. A position a flip opens takes
    /// over the row of the fills after the flipping fill: the flipping fill itself belongs to the position it closes.
    /// </summary>
    private static long?[] FormerRows(List<StoredFill> fills)
    {
        var rows = new long?[fills.Count + 1];
        for (var i = fills.Count - 1; i >= 0; i--)
        {
            rows[i] = fills[i].PositionId ?? rows[i + 1];
        }

        return rows;
    }

    /// <summary>
    /// For each fill, the row it was the last fill stored under, if any: once the replay has passed it, no later fill can
    /// keep that row. Rows that no fill was stored under (an open position as the session or the rollup held it) are
    /// spent from the start.
    /// </summary>
    private static long?[] SpentAfter(List<StoredFill> fills, PositionRows positions)
    {
        var spentAfter = new long?[fills.Count];
        var named = new HashSet<long>();
        for (var i = fills.Count - 1; i >= 0; i--)
        {
            if (fills[i].PositionId is { } row && named.Add(row))
            {
                spentAfter[i] = row;
            }
        }

        positions.SpentUnless(named);
        return spentAfter;
    }

    /// <summary>How many times the product was replayed before, as its rollup says (read before the replay deletes the rollup).</summary>
    private long StoredReplays(long botId, long instrumentId)
    {
        using var command = context.Command("SELECT replays FROM product_rollups WHERE bot_id = @bot AND instrument_id = @instrument");
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        return command.ExecuteScalar() is { } stored and not DBNull ? Convert.ToInt64(stored, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The product's positions, for the replay to take over.</summary>
    private List<long> PositionIds(long botId, long instrumentId)
    {
        using var command = context.Command("SELECT id FROM positions WHERE bot_id = @bot AND instrument_id = @instrument ORDER BY id");
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
        if (!reader.Read())
        {
            // Only a file changed with the engine's checks off, or paired with another file's WAL, holds
            // rows of a bot or product it does not have.
            throw new TradebookException(ErrorCode.DatabaseCorrupt,
                $"the database is damaged: it holds fills or positions of bot {botId} and product {instrumentId}, and no such bot or product; restore a backup",
                Remedy.CheckForDamage(context.Database.Target.Display));
        }

        return (EnumText.Parse<CostBasisMethod>(reader.GetString(0)),
            new Symbol(reader.GetString(1), reader.GetString(2), reader.GetString(3), EnumText.Parse<InstrumentKind>(reader.GetString(4))),
            reader.GetString(5));
    }

    private sealed record StoredFill(long Id, FillRecord Fill, long? PositionId, decimal Realized);

    /// <summary>
    /// The product's fills in time order, those at or after <paramref name="since"/> when it is given. Read through
    /// <see cref="RowReader"/>: on SQLite each value is parsed from the row's bytes, where making a string of every
    /// decimal and time first was about a quarter of a late batch.
    /// </summary>
    private List<StoredFill> ReadFills(long botId, long instrumentId, DateTimeOffset? since)
    {
        using var reader = RowReader.Open(context.Connection, context.Transaction, $"""
            SELECT id, side, quantity, price, fee, fee_currency, fee_rate, ts, position_id, realized_pnl
            FROM fills
            WHERE bot_id = @bot AND instrument_id = @instrument {SinceCondition(since)}
            ORDER BY ts, id
            """,
            ProductParameters(botId, instrumentId, since));
        var fills = new List<StoredFill>();
        while (reader.Read())
        {
            // The replay needs what Core applies; the fill's id and other names are not read.
            var fill = new FillRecord(
                string.Empty,
                string.Empty,
                string.Empty,
                reader.TextIs(1, Side.Buy.ToText()) ? Side.Buy : Side.Sell,
                reader.GetDecimal(2),
                reader.GetDecimal(3),
                reader.GetDecimal(4),
                reader.GetStringOrNull(5),
                reader.GetTime(7),
                FeeRate: reader.GetDecimalOrNull(6));
            fills.Add(new StoredFill(reader.GetInt64(0), fill, reader.GetInt64OrNull(8), reader.GetDecimal(9)));
        }

        return fills;
    }

    /// <summary>Keeps the rows at or after <paramref name="since"/>, when it is given.</summary>
    private static string SinceCondition(DateTimeOffset? since) => since is null ? string.Empty : "AND ts >= @since";

    /// <summary>The parameters of a product's reads: its bot and instrument, and the time of <see cref="SinceCondition"/>.</summary>
    private (string Name, object? Value)[] ProductParameters(long botId, long instrumentId, DateTimeOffset? since) =>
        since is { } time
            ? [("@bot", botId), ("@instrument", instrumentId), ("@since", context.Database.Timestamp(time))]
            : [("@bot", botId), ("@instrument", instrumentId)];

    private sealed record StoredCashFlow(long Id, decimal Amount, string Currency, DateTimeOffset Timestamp, long? PositionId);

    private List<StoredCashFlow> ReadCashFlows(long botId, long instrumentId, DateTimeOffset? since)
    {
        using var reader = RowReader.Open(context.Connection, context.Transaction, $"""
            SELECT id, amount, currency, ts, position_id FROM cash_flows
            WHERE bot_id = @bot AND instrument_id = @instrument {SinceCondition(since)}
            ORDER BY ts, id
            """,
            ProductParameters(botId, instrumentId, since));
        var flows = new List<StoredCashFlow>();
        while (reader.Read())
        {
            flows.Add(new StoredCashFlow(reader.GetInt64(0), reader.GetDecimal(1), reader.GetString(2), reader.GetTime(3), reader.GetInt64OrNull(4)));
        }

        return flows;
    }

    /// <summary>
    /// Drops what the replay writes again; positions are kept for reuse. From the first fill (<paramref name="from"/>
    /// null): every position's lots, the product's rollup, days and fees kept apart. From a checkpoint at
    /// <paramref name="from"/>: the lots of the open position the rollup names (the only position that keeps
    /// lots; found through the rollup, not by scanning the product's positions), the rollup (it names a position
    /// the replay may delete), the days from the checkpoint's on (the replay starts that day from what the
    /// checkpoint had) and the fees kept apart (likewise).
    /// </summary>
    private void ClearDerived(long botId, long instrumentId, DateTimeOffset? from)
    {
        string[] statements =
        [
            from is null
                ? "DELETE FROM position_lots WHERE position_id IN (SELECT id FROM positions WHERE bot_id = @bot AND instrument_id = @instrument)"
                : "DELETE FROM position_lots WHERE position_id = (SELECT open_position_id FROM product_rollups WHERE bot_id = @bot AND instrument_id = @instrument)",
            "DELETE FROM product_rollups WHERE bot_id = @bot AND instrument_id = @instrument",
            from is null
                ? "DELETE FROM daily_rollups WHERE bot_id = @bot AND instrument_id = @instrument"
                : "DELETE FROM daily_rollups WHERE bot_id = @bot AND instrument_id = @instrument AND day >= @day",
            "DELETE FROM unconverted_fees WHERE bot_id = @bot AND instrument_id = @instrument",
        ];
        foreach (var sql in statements)
        {
            using var command = context.Command(sql);
            command.Add("@bot", botId);
            command.Add("@instrument", instrumentId);
            if (from is { } at && sql.Contains("@day", StringComparison.Ordinal))
            {
                command.Add("@day", DayTotals.DayOf(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

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

    /// <summary>
    /// As <see cref="SetFillDerived"/>, for a fill that stays in its position: the statement leaves
    /// <c>position_id</c> out, so that neither its index nor its foreign key is touched.
    /// </summary>
    private void SetFillRealized(long fillId, decimal realized)
    {
        _setFillRealized ??= context.Prepare("UPDATE fills SET realized_pnl = @realized WHERE id = @id", "@realized", "@id");
        _setFillRealized.Set(0, realized);
        _setFillRealized.Set(1, fillId);
        _setFillRealized.ExecuteNonQuery();
    }

    private void SetCashFlowPosition(long cashFlowId, long? positionId)
    {
        _setCashFlowPosition ??= context.Prepare("UPDATE cash_flows SET position_id = @position WHERE id = @id", "@position", "@id");
        _setCashFlowPosition.Set(0, positionId);
        _setCashFlowPosition.Set(1, cashFlowId);
        _setCashFlowPosition.ExecuteNonQuery();
    }
}
