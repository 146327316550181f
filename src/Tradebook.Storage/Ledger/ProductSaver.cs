using System.Collections.Immutable;
using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Writes what a session changed in its products, once per batch, in the batch's transaction: the open
/// position's figures, the rollup, FIFO lots, each day and the fees kept apart (a closed position was
/// written as it closed). Every figure is Core's; a stored day or fee total is added to here, not in SQL.
/// </summary>
internal sealed class ProductSaver(WriteContext context, PositionRows positions)
{
    private RowStatement? _rollup;
    private RowStatement? _day;

    public void Save(IEnumerable<SessionProduct> products)
    {
        foreach (var product in products)
        {
            if (product.OpenPositionId is { } openId)
            {
                positions.Write(openId, product.Book.OpenPosition!.Value, product.Book);
            }

            WriteRollup(product);
            if (product.Book.Method == CostBasisMethod.Fifo)
            {
                WriteLots(product);
            }

            foreach (var (day, change) in product.Days)
            {
                WriteDay(product, day, change);
            }

            foreach (var (currency, amount) in product.UnconvertedFees)
            {
                WriteUnconvertedFee(product, currency, amount);
            }

            product.Flushed();
        }
    }

    // Counts are bound as the int they are: PostgreSQL prepared these columns' parameters as integer.
    private void WriteRollup(SessionProduct product)
    {
        var book = product.Book;
        _rollup ??= context.Prepare("""
            INSERT INTO product_rollups (bot_id, instrument_id, open_position_id, quantity, entry_notional, entry_fees, realized_pnl,
                                         fees, cash_flow_pnl, open_position_realized, trades, wins, fills, last_fill_at,
                                         dust, dust_notional, dust_fees, unpriced_fills, replays)
            VALUES (@bot, @instrument, @open_position_id, @quantity, @entry_notional, @entry_fees, @realized_pnl,
                    @fees, @cash_flow_pnl, @open_position_realized, @trades, @wins, @fills, @last_fill_at,
                    @dust, @dust_notional, @dust_fees, @unpriced_fills, @replays)
            ON CONFLICT (bot_id, instrument_id) DO UPDATE SET
                open_position_id = excluded.open_position_id, quantity = excluded.quantity,
                entry_notional = excluded.entry_notional, entry_fees = excluded.entry_fees,
                realized_pnl = excluded.realized_pnl, fees = excluded.fees, cash_flow_pnl = excluded.cash_flow_pnl,
                open_position_realized = excluded.open_position_realized, trades = excluded.trades,
                wins = excluded.wins, fills = excluded.fills, last_fill_at = excluded.last_fill_at,
                dust = excluded.dust, dust_notional = excluded.dust_notional, dust_fees = excluded.dust_fees,
                unpriced_fills = excluded.unpriced_fills, replays = excluded.replays
            """,
            "@bot", "@instrument", "@open_position_id", "@quantity", "@entry_notional", "@entry_fees", "@realized_pnl",
            "@fees", "@cash_flow_pnl", "@open_position_realized", "@trades", "@wins", "@fills", "@last_fill_at",
            "@dust", "@dust_notional", "@dust_fees", "@unpriced_fills", "@replays");
        _rollup.Set(0, product.BotId);
        _rollup.Set(1, product.InstrumentId);
        _rollup.Set(2, product.OpenPositionId);
        _rollup.Set(3, book.Quantity);
        _rollup.Set(4, book.EntryNotional);
        _rollup.Set(5, book.EntryFees);
        _rollup.Set(6, book.RealizedPnl);
        _rollup.Set(7, book.Fees);
        _rollup.Set(8, book.CashFlowPnl);
        _rollup.Set(9, book.OpenPositionRealized);
        _rollup.Set(10, (object)book.Trades);
        _rollup.Set(11, (object)book.Wins);
        _rollup.Set(12, (object)book.Fills);
        _rollup.Set(13, product.LastFillAt);
        _rollup.Set(14, book.Dust);
        _rollup.Set(15, book.DustNotional);
        _rollup.Set(16, book.DustFees);
        _rollup.Set(17, (object)book.UnpricedFills);
        _rollup.Set(18, product.Replays);
        _rollup.ExecuteNonQuery();
    }

    /// <summary>
    /// Writes the open position's lots in place of those stored, and deletes those of a position that was open at
    /// the last flush and is not any more: a closed position keeps no lots.
    /// </summary>
    private void WriteLots(SessionProduct product)
    {
        if (product.LotsStoredFor is { } formerlyOpen && formerlyOpen != product.OpenPositionId)
        {
            DeleteLots(formerlyOpen);
        }

        product.LotsStoredFor = product.OpenPositionId;
        if (product.OpenPositionId is { } open)
        {
            DeleteLots(open);
            InsertLots(open, product.Book.Lots);
        }
    }

    private void DeleteLots(long positionId)
    {
        using var delete = context.Command("DELETE FROM position_lots WHERE position_id = @position");
        delete.Add("@position", positionId);
        delete.ExecuteNonQuery();
    }

    private void InsertLots(long positionId, ImmutableArray<Lot> lots)
    {
        using var insert = context.Command("INSERT INTO position_lots (position_id, seq, quantity, notional, fees) VALUES (@position, @seq, @quantity, @notional, @fees)");
        var p = insert.Add("@position", positionId);
        var seq = insert.Add("@seq");
        var quantity = insert.Add("@quantity");
        var notional = insert.Add("@notional");
        var fees = insert.Add("@fees");
        for (var i = 0; i < lots.Length; i++)
        {
            seq.Value = i;
            quantity.Value = lots[i].Quantity;
            notional.Value = lots[i].Notional;
            fees.Value = lots[i].Fees;
            insert.ExecuteNonQuery();
        }
    }

    // Sums are added here, not in SQL: SQLite would do TEXT + TEXT in binary floating point. The day as
    // stored is read once per product and day; after that the product remembers what it wrote.
    private void WriteDay(SessionProduct product, DateOnly date, DayTotals change)
    {
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var total = (product.StoredDay is var (rememberedDate, remembered) && rememberedDate == date ? remembered : ReadDay(product, day))?.Plus(change) ?? change;
        _day ??= context.Prepare("""
            INSERT INTO daily_rollups (bot_id, instrument_id, day, realized_pnl, fees, fills, trades, wins)
            VALUES (@bot, @instrument, @day, @realized_pnl, @fees, @fills, @trades, @wins)
            ON CONFLICT (bot_id, instrument_id, day) DO UPDATE SET
                realized_pnl = excluded.realized_pnl, fees = excluded.fees, fills = excluded.fills,
                trades = excluded.trades, wins = excluded.wins
            """,
            "@bot", "@instrument", "@day", "@realized_pnl", "@fees", "@fills", "@trades", "@wins");
        _day.Set(0, product.BotId);
        _day.Set(1, product.InstrumentId);
        _day.Set(2, day);
        _day.Set(3, total.RealizedPnl);
        _day.Set(4, total.Fees);
        _day.Set(5, (object)total.Fills);
        _day.Set(6, (object)total.Trades);
        _day.Set(7, (object)total.Wins);
        _day.ExecuteNonQuery();
        product.StoredDay = (date, total);
    }

    private DayTotals? ReadDay(SessionProduct product, string day)
    {
        using var read = context.Command("SELECT realized_pnl, fees, fills, trades, wins FROM daily_rollups WHERE bot_id = @bot AND instrument_id = @instrument AND day = @day");
        read.Add("@bot", product.BotId);
        read.Add("@instrument", product.InstrumentId);
        read.Add("@day", day);
        using var reader = read.ExecuteReader();
        return reader.Read() ? new DayTotals(reader.GetDecimal(0), reader.GetDecimal(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)) : null;
    }

    private void WriteUnconvertedFee(SessionProduct product, string currency, decimal amount)
    {
        using var read = context.Command("SELECT amount FROM unconverted_fees WHERE bot_id = @bot AND instrument_id = @instrument AND currency = @currency");
        read.Add("@bot", product.BotId);
        read.Add("@instrument", product.InstrumentId);
        read.Add("@currency", currency);
        if (read.ExecuteScalar() is { } stored and not DBNull)
        {
            amount += Convert.ToDecimal(stored, CultureInfo.InvariantCulture);
        }

        using var write = context.Command("""
            INSERT INTO unconverted_fees (bot_id, instrument_id, currency, amount) VALUES (@bot, @instrument, @currency, @amount)
            ON CONFLICT (bot_id, instrument_id, currency) DO UPDATE SET amount = excluded.amount
            """);
        write.Add("@bot", product.BotId);
        write.Add("@instrument", product.InstrumentId);
        write.Add("@currency", currency);
        write.Add("@amount", amount);
        write.ExecuteNonQuery();
    }
}
