using System.Collections.Immutable;
using System.Data.Common;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>A product_rollups row, read by bot and symbol.</summary>
public sealed record StoredRollup(string Bot, string Symbol, decimal Quantity, decimal EntryNotional, decimal EntryFees, decimal RealizedPnl, decimal Fees, decimal CashFlowPnl, decimal OpenPositionRealized, int Trades, int Wins, int Fills, long? OpenPositionId);

/// <summary>A positions row.</summary>
public sealed record StoredPosition(long Id, string Bot, string Symbol, string Direction, string Status, decimal Quantity, decimal EntryNotional, decimal EntryFees, decimal RealizedPnl, decimal CashFlowPnl);

/// <summary>
/// Reads what the ledger stored and checks it against the accounting engine: every product's rollup,
/// positions and lots must equal <see cref="ProductBook.Replay"/> of its stored fills in time order.
/// </summary>
public static class StoredLedger
{
    public static Dictionary<(string Bot, string Symbol), StoredRollup> Rollups(DbConnection connection)
    {
        using var command = connection.Command(null, """
            SELECT b.name, i.symbol, r.quantity, r.entry_notional, r.entry_fees, r.realized_pnl, r.fees, r.cash_flow_pnl,
                   r.open_position_realized, r.trades, r.wins, r.fills, r.open_position_id
            FROM product_rollups r JOIN bots b ON b.id = r.bot_id JOIN instruments i ON i.id = r.instrument_id
            """);
        using var reader = command.ExecuteReader();
        var rollups = new Dictionary<(string, string), StoredRollup>();
        while (reader.Read())
        {
            var row = new StoredRollup(reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetDecimal(4), reader.GetDecimal(5),
                reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8), reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetInt64OrNull(12));
            rollups[(row.Bot, row.Symbol)] = row;
        }

        return rollups;
    }

    public static List<StoredPosition> Positions(DbConnection connection)
    {
        using var command = connection.Command(null, """
            SELECT p.id, b.name, i.symbol, p.direction, p.status, p.quantity, p.entry_notional, p.entry_fees, p.realized_pnl, p.cash_flow_pnl
            FROM positions p JOIN bots b ON b.id = p.bot_id JOIN instruments i ON i.id = p.instrument_id ORDER BY p.id
            """);
        using var reader = command.ExecuteReader();
        var positions = new List<StoredPosition>();
        while (reader.Read())
        {
            positions.Add(new StoredPosition(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetDecimal(5), reader.GetDecimal(6), reader.GetDecimal(7), reader.GetDecimal(8), reader.GetDecimal(9)));
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

    /// <summary>Every product's replayed book, from the stored fills in time order (ties in the order they were committed).</summary>
    public static Dictionary<(string Bot, string Symbol), (ProductBook Book, decimal FillRealized, int Fills)> Replays(DbConnection connection)
    {
        using var command = connection.Command(null, """
            SELECT b.name, b.cost_method, i.symbol, f.side, f.quantity, f.price, f.fee_quote, f.realized_pnl
            FROM fills f JOIN bots b ON b.id = f.bot_id JOIN instruments i ON i.id = f.instrument_id ORDER BY f.ts, f.id
            """);
        using var reader = command.ExecuteReader();
        var fills = new List<(string Bot, CostBasisMethod Method, string Symbol, TradeFill Fill, decimal Realized)>();
        while (reader.Read())
        {
            fills.Add((reader.GetString(0), EnumText.Parse<CostBasisMethod>(reader.GetString(1)), reader.GetString(2),
                new TradeFill(reader.GetString(3) == "buy" ? Side.Buy : Side.Sell, reader.GetDecimal(4), reader.GetDecimal(5), reader.GetDecimal(6)), reader.GetDecimal(7)));
        }

        return fills.GroupBy(f => (f.Bot, f.Symbol)).ToDictionary(
            g => g.Key,
            g => (ProductBook.Replay(g.First().Method, g.Select(f => f.Fill)), g.Sum(f => f.Realized), g.Count()));
    }

    /// <summary>Asserts that rollups, positions and lots equal a replay of the fills (for products without cash flows).</summary>
    public static void AssertMatchesReplay(DbConnection connection)
    {
        var rollups = Rollups(connection);
        var positions = Positions(connection);
        var replays = Replays(connection);
        Assert.Equal(replays.Keys.OrderBy(k => k).ToList(), rollups.Keys.OrderBy(k => k).ToList());
        foreach (var (key, (book, fillRealized, fillCount)) in replays)
        {
            var rollup = rollups[key];
            var expected = (book.Quantity, book.EntryNotional, book.EntryFees, book.RealizedPnl, book.Fees, book.CashFlowPnl, book.OpenPositionRealized, book.Trades, book.Wins, fillCount);
            var actual = (rollup.Quantity, rollup.EntryNotional, rollup.EntryFees, rollup.RealizedPnl, rollup.Fees, rollup.CashFlowPnl, rollup.OpenPositionRealized, rollup.Trades, rollup.Wins, rollup.Fills);
            Assert.True(expected == actual, $"{key}: rollup {actual} but replay {expected}");
            Assert.Equal(book.RealizedPnl, fillRealized);

            var own = positions.Where(p => (p.Bot, p.Symbol) == key).ToList();
            Assert.Equal(book.RealizedPnl, own.Sum(p => p.RealizedPnl));
            Assert.Equal(book.Trades, own.Count(p => p.Status == "closed"));
            var open = own.Where(p => p.Status == "open").ToList();
            if (book.IsFlat)
            {
                Assert.Empty(open);
                Assert.Null(rollup.OpenPositionId);
                continue;
            }

            var position = Assert.Single(open);
            Assert.Equal(position.Id, rollup.OpenPositionId);
            Assert.Equal(book.Direction > 0 ? "long" : "short", position.Direction);
            Assert.Equal((Math.Abs(book.Quantity), book.EntryNotional, book.EntryFees), (position.Quantity, position.EntryNotional, position.EntryFees));
            if (book.Method == CostBasisMethod.Fifo)
            {
                Assert.Equal(book.Lots.ToArray(), Lots(connection, position.Id).ToArray());
            }
        }
    }
}
