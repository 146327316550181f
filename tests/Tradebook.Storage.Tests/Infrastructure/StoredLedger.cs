using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>A product_rollups row, read by bot and symbol.</summary>
public sealed record StoredRollup(string Bot, string Symbol, decimal Quantity, decimal EntryNotional, decimal EntryFees, decimal RealizedPnl, decimal Fees, decimal CashFlowPnl, decimal OpenPositionRealized, int Trades, int Wins, int Fills, long? OpenPositionId, decimal Dust, decimal DustNotional, decimal DustFees, int UnpricedFills = 0);

/// <summary>A positions row.</summary>
public sealed record StoredPosition(
    long Id,
    string Bot,
    string Symbol,
    string Direction,
    string Status,
    decimal Quantity,
    decimal EntryNotional,
    decimal EntryFees,
    decimal RealizedPnl,
    decimal CashFlowPnl,
    decimal MaxQuantity,
    decimal Fees,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt);

/// <summary>A daily_rollups row.</summary>
public sealed record StoredDay(string Bot, string Symbol, string Day, decimal RealizedPnl, decimal Fees, int Fills, int Trades, int Wins);

/// <summary>
/// Reads what the ledger stored and checks it against the accounting engine: every product's rollup,
/// positions, lots and days must equal what <see cref="ProductBook"/> makes of its stored fills and cash
/// flows applied in time order.
/// </summary>
public static class StoredLedger
{
    public static Dictionary<(string Bot, string Symbol), StoredRollup> Rollups(DbConnection connection)
    {
        using var command = connection.Command(null, """
            SELECT b.name, i.symbol, r.quantity, r.entry_notional, r.entry_fees, r.realized_pnl, r.fees, r.cash_flow_pnl,
                   r.open_position_realized, r.trades, r.wins, r.fills, r.open_position_id, r.dust, r.dust_notional, r.dust_fees, r.unpriced_fills
            FROM product_rollups r JOIN bots b ON b.id = r.bot_id JOIN instruments i ON i.id = r.instrument_id
            """);
        using var reader = command.ExecuteReader();
        var rollups = new Dictionary<(string, string), StoredRollup>();
        while (reader.Read())
        {
            var row = new StoredRollup(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5),
                reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8), reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetInt64OrNull(12),
                reader.GetDecimal(13), reader.GetDecimal(14), reader.GetDecimal(15), reader.GetInt32(16));
            rollups[(row.Bot, row.Symbol)] = row;
        }

        return rollups;
    }

    public static List<StoredPosition> Positions(DbConnection connection)
    {
        using var command = connection.Command(null, """
            SELECT p.id, b.name, i.symbol, p.direction, p.status, p.quantity, p.entry_notional, p.entry_fees, p.realized_pnl, p.cash_flow_pnl,
                   p.max_quantity, p.fees, p.opened_at, p.closed_at
            FROM positions p JOIN bots b ON b.id = p.bot_id JOIN instruments i ON i.id = p.instrument_id ORDER BY p.id
            """);
        using var reader = command.ExecuteReader();
        var positions = new List<StoredPosition>();
        while (reader.Read())
        {
            positions.Add(new StoredPosition(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8), reader.GetDecimal(9),
                reader.GetDecimal(10), reader.GetDecimal(11), StoredTime.Read(reader.GetValue(12)), StoredTime.ReadOrNull(reader.GetValue(13))));
        }

        return positions;
    }

    public static ImmutableArray<Lot> Lots(DbConnection connection, long positionId)
    {
        using var command = connection.Command(null, "SELECT quantity, notional, fees FROM position_lots WHERE position_id = @p ORDER BY seq");
        command.Add("@p", positionId);
        using var reader = command.ExecuteReader();
        var lots = ImmutableArray.CreateBuilder<Lot>();
        while (reader.Read())
        {
            lots.Add(new Lot(reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2)));
        }

        return lots.ToImmutable();
    }

    public static List<StoredDay> Days(DbConnection connection)
    {
        using var command = connection.Command(null, """
            SELECT b.name, i.symbol, d.day, d.realized_pnl, d.fees, d.fills, d.trades, d.wins
            FROM daily_rollups d JOIN bots b ON b.id = d.bot_id JOIN instruments i ON i.id = d.instrument_id
            ORDER BY b.name, i.symbol, d.day
            """);
        using var reader = command.ExecuteReader();
        var days = new List<StoredDay>();
        while (reader.Read())
        {
            days.Add(new StoredDay(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), reader.GetDecimal(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7)));
        }

        return days;
    }

    /// <summary>
    /// Every product replayed through Core from its stored fills and cash flows, in time order (fills before
    /// cash flows at equal times, ties in the order they were committed): the book, the figures of every
    /// position it went through, oldest first, its days, and the sum of what the fills rows say they realized.
    /// </summary>
    public static Dictionary<(string Bot, string Symbol), Replayed> Replays(DbConnection connection)
    {
        var events = new List<(string Bot, CostBasisMethod Method, string Symbol, DateTimeOffset At, int Kind, long Id, TradeFill? Fill, decimal Amount, decimal FillRealized, long? PositionId)>();
        using (var command = connection.Command(null, """
            SELECT b.name, b.cost_method, i.symbol, f.ts, f.id, f.side, f.quantity, f.price, f.fee_quote, f.realized_pnl, f.position_id
            FROM fills f JOIN bots b ON b.id = f.bot_id JOIN instruments i ON i.id = f.instrument_id
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var fill = new TradeFill(reader.GetString(5) == "buy" ? Side.Buy : Side.Sell, reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8));
                events.Add((reader.GetString(0), EnumText.Parse<CostBasisMethod>(reader.GetString(1)), reader.GetString(2), StoredTime.Read(reader.GetValue(3)), 0, reader.GetInt64(4), fill, 0m, reader.GetDecimal(9), reader.GetInt64OrNull(10)));
            }
        }

        // Only flows in the product's quote currency count in its P&L.
        using (var command = connection.Command(null, """
            SELECT b.name, b.cost_method, i.symbol, c.ts, c.id, c.amount, c.currency, i.quote, c.position_id
            FROM cash_flows c JOIN bots b ON b.id = c.bot_id JOIN instruments i ON i.id = c.instrument_id
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                if (CashFlowAttribution.CountsInProduct(reader.GetString(6), reader.GetString(7)))
                {
                    events.Add((reader.GetString(0), EnumText.Parse<CostBasisMethod>(reader.GetString(1)), reader.GetString(2), StoredTime.Read(reader.GetValue(3)), 1, reader.GetInt64(4), null, reader.GetDecimal(5), 0m, reader.GetInt64OrNull(8)));
                }
            }
        }

        var replays = new Dictionary<(string, string), Replayed>();
        foreach (var product in events.GroupBy(e => (e.Bot, e.Symbol)))
        {
            var book = ProductBook.Empty(product.First().Method, Threshold(connection, product.Key.Bot, product.Key.Symbol));
            var positions = new List<Position>();
            var days = new SortedDictionary<DateOnly, DayTotals>();
            var fillRealized = 0m;
            var rows = new List<Row>();
            int? openIndex = null;
            var opened = 0;
            foreach (var e in product.OrderBy(e => e.At).ThenBy(e => e.Kind).ThenBy(e => e.Id))
            {
                DateOnly day;
                DayTotals change;
                if (e.Fill is { } fill)
                {
                    var before = book;
                    var outcome = book.Apply(fill, e.At);
                    (book, day, change) = (outcome.Book, outcome.Day, outcome.DayChange);
                    fillRealized += e.FillRealized;
                    if (outcome.ClosedRoundTrip)
                    {
                        positions.Add(outcome.Position!.Value);
                    }

                    // The fill belongs to the position open before it, else to the one it opened (none when it only took dust).
                    int? belongs = before.OpenPosition is not null ? openIndex : outcome.Position is null ? null : opened++;
                    openIndex = book.OpenPosition is null ? null : before.OpenPosition is null ? belongs : outcome.ClosedRoundTrip ? opened++ : openIndex;
                    rows.Add(new Row($"fill {e.Id}", e.PositionId, belongs, e.FillRealized, outcome.RealizedPnl));
                }
                else
                {
                    var outcome = book.ApplyCashFlow(e.Amount, e.At);
                    (book, day, change) = (outcome.Book, outcome.Day, outcome.DayChange);
                    rows.Add(new Row($"cash flow {e.Id}", e.PositionId, openIndex, 0m, 0m));
                }

                days[day] = days.GetValueOrDefault(day).Plus(change);
            }

            if (book.OpenPosition is { } open)
            {
                positions.Add(open);
            }

            replays[product.Key] = new Replayed(book, positions, days, fillRealized, rows);
        }

        return replays;
    }

    /// <summary>
    /// The product's dust threshold, worked out here from the stored settings and instrument (not through the
    /// ledger's own reader): the bot's amount step on the symbol, else the instrument's precision, else the
    /// bot's threshold, else the default.
    /// </summary>
    public static decimal Threshold(DbConnection connection, string bot, string symbol)
    {
        string? Setting(string key)
        {
            using var command = connection.Command(null, "SELECT value FROM settings WHERE scope = @scope AND key = @key");
            command.Add("@scope", bot);
            command.Add("@key", key);
            return command.ExecuteScalar() as string;
        }

        using var precision = connection.Command(null, "SELECT qty_precision FROM instruments WHERE symbol = @symbol");
        precision.Add("@symbol", symbol);
        var places = precision.ExecuteScalar() is { } p and not DBNull ? Convert.ToInt32(p, CultureInfo.InvariantCulture) : (int?)null;
        var step = Setting("amount_step:" + symbol) is { } s ? decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : DustThreshold.StepOfDecimals(places);
        var threshold = Setting("dust_threshold") is { } t ? decimal.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture) : (decimal?)null;
        return step ?? threshold ?? DustThreshold.Default;
    }

    /// <summary>What Core makes of one product's stored fills and cash flows.</summary>
    public sealed record Replayed(ProductBook Book, IReadOnlyList<Position> Positions, IReadOnlyDictionary<DateOnly, DayTotals> Days, decimal FillRealized, IReadOnlyList<Row> Rows);

    /// <summary>
    /// A fill or cash flow as stored (its position row and realized P&amp;L) and as the replay sees it: the index of
    /// the position it belongs to, in the order the replay opened them, and what it realized.
    /// </summary>
    public sealed record Row(string Name, long? StoredPosition, int? ReplayedPosition, decimal StoredRealized, decimal ReplayedRealized);

    /// <summary>
    /// Asserts that every figure the ledger stored equals Core's replay of the stored fills and cash flows:
    /// rollups, each position's figures, open lots, each day, and what each fill row says it realized.
    /// </summary>
    public static void AssertMatchesReplay(DbConnection connection)
    {
        // Lots are the open position's, and only its: a position that closed keeps none (a rebuild would remove them).
        var rollups = Rollups(connection);
        var openPositions = rollups.Values.Select(r => r.OpenPositionId).OfType<long>().ToHashSet();
        using (var lotOwners = connection.Command(null, "SELECT DISTINCT position_id FROM position_lots"))
        using (var reader = lotOwners.ExecuteReader())
        {
            while (reader.Read())
            {
                Assert.True(openPositions.Contains(reader.GetInt64(0)), $"position {reader.GetInt64(0)} keeps lots but is no product's open position");
            }
        }

        var positions = Positions(connection);
        var days = Days(connection);
        var replays = Replays(connection);
        Assert.Equal(replays.Keys.OrderBy(k => k).ToList(), rollups.Keys.OrderBy(k => k).ToList());
        foreach (var (key, replayed) in replays)
        {
            var book = replayed.Book;
            var rollup = rollups[key];
            var expected = (book.Quantity, book.EntryNotional, book.EntryFees, book.RealizedPnl, book.Fees, book.CashFlowPnl, book.OpenPositionRealized, book.Trades, book.Wins, book.Fills, book.UnpricedFills);
            var actual = (rollup.Quantity, rollup.EntryNotional, rollup.EntryFees, rollup.RealizedPnl, rollup.Fees, rollup.CashFlowPnl, rollup.OpenPositionRealized, rollup.Trades, rollup.Wins, rollup.Fills, rollup.UnpricedFills);
            Assert.True(expected == actual, $"{key}: rollup {actual} but replay {expected}");
            Assert.True((book.Dust, book.DustNotional, book.DustFees) == (rollup.Dust, rollup.DustNotional, rollup.DustFees), $"{key}: dust {(rollup.Dust, rollup.DustNotional, rollup.DustFees)} but replay {(book.Dust, book.DustNotional, book.DustFees)}");
            Assert.Equal(book.RealizedPnl - book.CashFlowPnl, replayed.FillRealized);
            AssertRowsMatch(key, replayed.Rows);

            // Each position row holds exactly the figures Core gave that position, in the order they were opened.
            var own = positions.Where(p => (p.Bot, p.Symbol) == key).OrderBy(p => p.OpenedAt).ThenBy(p => p.Id).ToList();
            var stored = own.Select(p => (p.Direction, p.Status, p.OpenedAt, p.ClosedAt, p.MaxQuantity, p.RealizedPnl, p.Fees, p.CashFlowPnl)).ToList();
            var replayedPositions = replayed.Positions.Select(p => (p.Direction.ToText(), p.Status.ToText(), p.OpenedAt, p.ClosedAt, p.MaxQuantity, p.RealizedPnl, p.Fees, p.CashFlowPnl)).ToList();
            Assert.Equal(replayedPositions, stored);

            var ownDays = days.Where(d => (d.Bot, d.Symbol) == key).Select(d => (d.Day, d.RealizedPnl, d.Fees, d.Fills, d.Trades, d.Wins)).ToList();
            var replayedDays = replayed.Days.Select(d => (d.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.Value.RealizedPnl, d.Value.Fees, d.Value.Fills, d.Value.Trades, d.Value.Wins)).ToList();
            Assert.Equal(replayedDays, ownDays);

            var open = own.Where(p => p.Status == "open").ToList();
            if (book.IsFlat)
            {
                Assert.Empty(open);
                Assert.Null(rollup.OpenPositionId);
                continue;
            }

            var position = Assert.Single(open);
            Assert.Equal(position.Id, rollup.OpenPositionId);
            Assert.Equal((Math.Abs(book.Quantity), book.EntryNotional, book.EntryFees), (position.Quantity, position.EntryNotional, position.EntryFees));
            if (book.Method == CostBasisMethod.Fifo)
            {
                Assert.Equal(book.Lots.ToArray(), Lots(connection, position.Id).ToArray());
            }
        }
    }

    /// <summary>
    /// Each fill realized what the replay says, and the stored rows group the fills and cash flows into positions
    /// exactly as the replay does: one row per replayed position, none for a fill that only took dust or a flow
    /// while flat.
    /// </summary>
    private static void AssertRowsMatch((string Bot, string Symbol) key, IReadOnlyList<Row> rows)
    {
        var rowOf = new Dictionary<int, long>();
        var indexOf = new Dictionary<long, int>();
        foreach (var row in rows)
        {
            Assert.True(row.StoredRealized == row.ReplayedRealized, $"{key}: {row.Name} realized {row.StoredRealized} but replay {row.ReplayedRealized}");
            Assert.True(row.StoredPosition is null == row.ReplayedPosition is null, $"{key}: {row.Name} names position {row.StoredPosition?.ToString(CultureInfo.InvariantCulture) ?? "none"} but replay {row.ReplayedPosition?.ToString(CultureInfo.InvariantCulture) ?? "none"}");
            if (row.StoredPosition is { } stored && row.ReplayedPosition is { } replayed)
            {
                Assert.True(rowOf.TryAdd(replayed, stored) || rowOf[replayed] == stored, $"{key}: {row.Name} is on row {stored}, another fill of its position on row {rowOf[replayed]}");
                Assert.True(indexOf.TryAdd(stored, replayed) || indexOf[stored] == replayed, $"{key}: {row.Name} shares row {stored} with a fill of another position");
            }
        }
    }
}
