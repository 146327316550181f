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
    public void Save(IEnumerable<SessionProduct> products)
    {
        foreach (var product in products)
        {
            if (product.OpenPositionId is { } openId)
            {
                positions.Write(openId, product.Book.OpenPosition!.Value, product.Book);
            }

            WriteRollup(product);
            if (product.Book.Method == CostBasisMethod.Fifo && product.OpenPositionId is { } lotsPosition)
            {
                WriteLots(lotsPosition, product.Book.Lots);
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

    private void WriteRollup(SessionProduct product)
    {
        var book = product.Book;
        using var command = context.Command("""
            INSERT INTO product_rollups (bot_id, instrument_id, open_position_id, quantity, entry_notional, entry_fees, realized_pnl,
                                         fees, cash_flow_pnl, open_position_realized, trades, wins, fills, last_fill_at,
                                         dust, dust_notional, dust_fees, unpriced_fills)
            VALUES (@bot, @instrument, @open_position_id, @quantity, @entry_notional, @entry_fees, @realized_pnl,
                    @fees, @cash_flow_pnl, @open_position_realized, @trades, @wins, @fills, @last_fill_at,
                    @dust, @dust_notional, @dust_fees, @unpriced_fills)
            ON CONFLICT (bot_id, instrument_id) DO UPDATE SET
                open_position_id = excluded.open_position_id, quantity = excluded.quantity,
                entry_notional = excluded.entry_notional, entry_fees = excluded.entry_fees,
                realized_pnl = excluded.realized_pnl, fees = excluded.fees, cash_flow_pnl = excluded.cash_flow_pnl,
                open_position_realized = excluded.open_position_realized, trades = excluded.trades,
                wins = excluded.wins, fills = excluded.fills, last_fill_at = excluded.last_fill_at,
                dust = excluded.dust, dust_notional = excluded.dust_notional, dust_fees = excluded.dust_fees,
                unpriced_fills = excluded.unpriced_fills
            """);
        command.Add("@bot", product.BotId);
        command.Add("@instrument", product.InstrumentId);
        command.Add("@open_position_id", product.OpenPositionId);
        command.Add("@quantity", book.Quantity);
        command.Add("@entry_notional", book.EntryNotional);
        command.Add("@entry_fees", book.EntryFees);
        command.Add("@realized_pnl", book.RealizedPnl);
        command.Add("@fees", book.Fees);
        command.Add("@cash_flow_pnl", book.CashFlowPnl);
        command.Add("@open_position_realized", book.OpenPositionRealized);
        command.Add("@trades", book.Trades);
        command.Add("@wins", book.Wins);
        command.Add("@fills", book.Fills);
        command.Add("@last_fill_at", product.LastFillAt is { } last ? context.Database.Timestamp(last) : null);
        command.Add("@dust", book.Dust);
        command.Add("@dust_notional", book.DustNotional);
        command.Add("@dust_fees", book.DustFees);
        command.Add("@unpriced_fills", book.UnpricedFills);
        command.ExecuteNonQuery();
    }

    private void WriteLots(long positionId, ImmutableArray<Lot> lots)
    {
        using (var delete = context.Command("DELETE FROM position_lots WHERE position_id = @position"))
        {
            delete.Add("@position", positionId);
            delete.ExecuteNonQuery();
        }

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

    // Sums are added here, not in SQL: SQLite would do TEXT + TEXT in binary floating point.
    private void WriteDay(SessionProduct product, DateOnly date, DayTotals change)
    {
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var total = change;
        using var read = context.Command("SELECT realized_pnl, fees, fills, trades, wins FROM daily_rollups WHERE bot_id = @bot AND instrument_id = @instrument AND day = @day");
        read.Add("@bot", product.BotId);
        read.Add("@instrument", product.InstrumentId);
        read.Add("@day", day);
        using (var reader = read.ExecuteReader())
        {
            if (reader.Read())
            {
                total = new DayTotals(reader.GetDecimal(0), reader.GetDecimal(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)).Plus(change);
            }
        }

        using var write = context.Command("""
            INSERT INTO daily_rollups (bot_id, instrument_id, day, realized_pnl, fees, fills, trades, wins)
            VALUES (@bot, @instrument, @day, @realized_pnl, @fees, @fills, @trades, @wins)
            ON CONFLICT (bot_id, instrument_id, day) DO UPDATE SET
                realized_pnl = excluded.realized_pnl, fees = excluded.fees, fills = excluded.fills,
                trades = excluded.trades, wins = excluded.wins
            """);
        write.Add("@bot", product.BotId);
        write.Add("@instrument", product.InstrumentId);
        write.Add("@day", day);
        write.Add("@realized_pnl", total.RealizedPnl);
        write.Add("@fees", total.Fees);
        write.Add("@fills", total.Fills);
        write.Add("@trades", total.Trades);
        write.Add("@wins", total.Wins);
        write.ExecuteNonQuery();
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
