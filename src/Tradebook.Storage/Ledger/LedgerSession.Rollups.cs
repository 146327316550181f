using System.Collections.Immutable;
using System.Data.Common;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

internal sealed partial class LedgerSession
{
    private ProductState Product(BotRow bot, long instrumentId, Symbol symbol)
    {
        if (_products.TryGetValue((bot.Id, instrumentId), out var product))
        {
            return product;
        }

        product = LoadProduct(bot, instrumentId, symbol);
        _products[(bot.Id, instrumentId)] = product;
        return product;
    }

    private ProductState LoadProduct(BotRow bot, long instrumentId, Symbol symbol)
    {
        using var command = connection.Command(transaction, """
            SELECT r.quantity, r.entry_notional, r.entry_fees, r.realized_pnl, r.fees, r.cash_flow_pnl,
                   r.trades, r.wins, r.fills, r.last_fill_at, r.open_position_id,
                   p.direction, p.opened_at, p.max_quantity, p.realized_pnl, p.fees, p.cash_flow_pnl,
                   (SELECT MAX(c.ts) FROM cash_flows c WHERE c.bot_id = r.bot_id AND c.instrument_id = r.instrument_id)
            FROM product_rollups r
            LEFT JOIN positions p ON p.id = r.open_position_id
            WHERE r.bot_id = @bot AND r.instrument_id = @instrument
            """);
        command.Add("@bot", bot.Id);
        command.Add("@instrument", instrumentId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return new ProductState(bot.Id, instrumentId, symbol.Base, symbol.Quote, ProductBook.Empty(bot.Method));
        }

        var quantity = reader.GetDecimal(0);
        var openPositionId = reader.GetInt64OrNull(10);
        var book = ProductBook.Empty(bot.Method) with
        {
            Quantity = quantity,
            RealizedPnl = reader.GetDecimal(3),
            Fees = reader.GetDecimal(4),
            CashFlowPnl = reader.GetDecimal(5),
            Trades = reader.GetInt32(6),
            Wins = reader.GetInt32(7),
            Fills = reader.GetInt32(8),
            OpenPosition = openPositionId is null ? null : new Position(
                EnumText.Parse<PositionDirection>(reader.GetString(11)),
                TradebookDatabase.ReadTimestamp(reader.GetValue(12)),
                null,
                reader.GetDecimal(13),
                reader.GetDecimal(14),
                reader.GetDecimal(15),
                reader.GetDecimal(16)),
        };
        var state = new ProductState(bot.Id, instrumentId, symbol.Base, symbol.Quote, book)
        {
            OpenPositionId = openPositionId,
            LastFillAt = TradebookDatabase.ReadTimestampOrNull(reader.GetValue(9)),
            LastCashFlowAt = TradebookDatabase.ReadTimestampOrNull(reader.GetValue(17)),
        };

        var entry = new Lot(Math.Abs(quantity), reader.GetDecimal(1), reader.GetDecimal(2));
        reader.Close();
        state.Book = book with { Lots = quantity == 0 ? [] : bot.Method == CostBasisMethod.Fifo ? LoadLots(openPositionId!.Value) : [entry] };
        return state;
    }

    private ImmutableArray<Lot> LoadLots(long positionId)
    {
        using var command = connection.Command(transaction, "SELECT quantity, notional, fees FROM position_lots WHERE position_id = @position ORDER BY seq");
        command.Add("@position", positionId);
        using var reader = command.ExecuteReader();
        var lots = ImmutableArray.CreateBuilder<Lot>();
        while (reader.Read())
        {
            lots.Add(new Lot(reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2)));
        }

        return lots.ToImmutable();
    }

    private RowStatement? _openPosition;
    private RowStatement? _deletePosition;
    private RowStatement? _writePosition;

    private RowStatement? _reopenPosition;

    /// <summary>During a replay, the product's earlier positions, oldest first, taken over before any new one is made.</summary>
    private Queue<long>? _reusablePositions;

    /// <summary>A row for a position opened at <paramref name="at"/>; its figures are written when the batch is flushed.</summary>
    private long OpenPosition(ProductState product, PositionDirection direction, DateTimeOffset at)
    {
        if (_reusablePositions is not null && _reusablePositions.TryDequeue(out var reused))
        {
            _reopenPosition ??= Prepared("UPDATE positions SET direction = @direction, opened_at = @opened_at WHERE id = @id", "@direction", "@opened_at", "@id");
            _reopenPosition.Set(0, direction.ToText());
            _reopenPosition.Set(1, at);
            _reopenPosition.Set(2, reused);
            _reopenPosition.ExecuteNonQuery();
            return reused;
        }

        _openPosition ??= Prepared("""
            INSERT INTO positions (bot_id, instrument_id, direction, status, opened_at, quantity, max_quantity,
                                   entry_notional, entry_fees, realized_pnl, fees, cash_flow_pnl)
            VALUES (@bot, @instrument, @direction, 'open', @opened_at, 0, 0, 0, 0, 0, 0, 0)
            RETURNING id
            """,
            "@bot", "@instrument", "@direction", "@opened_at");
        _openPosition.Set(0, product.BotId);
        _openPosition.Set(1, product.InstrumentId);
        _openPosition.Set(2, direction.ToText());
        _openPosition.Set(3, at);
        return _openPosition.ExecuteInt64();
    }

    private void DeletePosition(long positionId)
    {
        _deletePosition ??= Prepared("DELETE FROM positions WHERE id = @id", "@id");
        _deletePosition.Set(0, positionId);
        _deletePosition.ExecuteNonQuery();
    }

    /// <summary>Writes every product touched by the batch: positions, rollups, lots, days, unconverted fees.</summary>
    private void Flush()
    {
        foreach (var product in _products.Values.Where(p => p.Dirty))
        {
            foreach (var (id, position) in product.ClosedPositions)
            {
                WritePosition(id, position, book: null);
            }

            if (product.OpenPositionId is { } openId)
            {
                WritePosition(openId, product.Book.OpenPosition!.Value, product.Book);
            }

            WriteRollup(product);
            if (product.Book.Method == CostBasisMethod.Fifo && product.OpenPositionId is { } lotsPosition)
            {
                WriteLots(lotsPosition, product.Book.Lots);
            }

            foreach (var (day, delta) in product.Days)
            {
                WriteDay(product, day, delta);
            }

            foreach (var (currency, amount) in product.UnconvertedFees)
            {
                WriteUnconvertedFee(product, currency, amount);
            }

            product.ClosedPositions.Clear();
            product.Days.Clear();
            product.UnconvertedFees.Clear();
            product.Dirty = false;
        }
    }

    /// <summary>Writes a position's figures; an open one also gets the open quantity and entry from <paramref name="book"/>.</summary>
    private void WritePosition(long id, Position position, ProductBook? book)
    {
        _writePosition ??= Prepared("""
            UPDATE positions
            SET status = @status, closed_at = @closed_at, quantity = @quantity, max_quantity = @max_quantity,
                entry_notional = @entry_notional, entry_fees = @entry_fees, realized_pnl = @realized_pnl,
                fees = @fees, cash_flow_pnl = @cash_flow_pnl
            WHERE id = @id
            """,
            "@status", "@closed_at", "@quantity", "@max_quantity", "@entry_notional", "@entry_fees", "@realized_pnl", "@fees", "@cash_flow_pnl", "@id");
        var c = _writePosition;
        c.Set(0, position.Status.ToText());
        c.Set(1, position.ClosedAt);
        c.Set(2, book is null ? 0m : Math.Abs(book.Quantity));
        c.Set(3, position.MaxQuantity);
        c.Set(4, book?.EntryNotional ?? 0m);
        c.Set(5, book?.EntryFees ?? 0m);
        c.Set(6, position.RealizedPnl);
        c.Set(7, position.Fees);
        c.Set(8, position.CashFlowPnl);
        c.Set(9, id);
        c.ExecuteNonQuery();
    }

    private void WriteRollup(ProductState product)
    {
        var book = product.Book;
        using var command = connection.Command(transaction, """
            INSERT INTO product_rollups (bot_id, instrument_id, open_position_id, quantity, entry_notional, entry_fees, realized_pnl,
                                         fees, cash_flow_pnl, open_position_realized, trades, wins, fills, last_fill_at)
            VALUES (@bot, @instrument, @open_position_id, @quantity, @entry_notional, @entry_fees, @realized_pnl,
                    @fees, @cash_flow_pnl, @open_position_realized, @trades, @wins, @fills, @last_fill_at)
            ON CONFLICT (bot_id, instrument_id) DO UPDATE SET
                open_position_id = excluded.open_position_id, quantity = excluded.quantity,
                entry_notional = excluded.entry_notional, entry_fees = excluded.entry_fees,
                realized_pnl = excluded.realized_pnl, fees = excluded.fees, cash_flow_pnl = excluded.cash_flow_pnl,
                open_position_realized = excluded.open_position_realized, trades = excluded.trades,
                wins = excluded.wins, fills = excluded.fills, last_fill_at = excluded.last_fill_at
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
        command.Add("@last_fill_at", product.LastFillAt is { } last ? database.Timestamp(last) : null);
        command.ExecuteNonQuery();
    }

    private void WriteLots(long positionId, ImmutableArray<Lot> lots)
    {
        using (var delete = connection.Command(transaction, "DELETE FROM position_lots WHERE position_id = @position"))
        {
            delete.Add("@position", positionId);
            delete.ExecuteNonQuery();
        }

        using var insert = connection.Command(transaction, "INSERT INTO position_lots (position_id, seq, quantity, notional, fees) VALUES (@position, @seq, @quantity, @notional, @fees)");
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
    private void WriteDay(ProductState product, DateOnly date, DayTotals change)
    {
        var day = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var total = change;
        using var read = connection.Command(transaction, "SELECT realized_pnl, fees, fills, trades, wins FROM daily_rollups WHERE bot_id = @bot AND instrument_id = @instrument AND day = @day");
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

        using var write = connection.Command(transaction, """
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

    private void WriteUnconvertedFee(ProductState product, string currency, decimal amount)
    {
        using var read = connection.Command(transaction, "SELECT amount FROM unconverted_fees WHERE bot_id = @bot AND instrument_id = @instrument AND currency = @currency");
        read.Add("@bot", product.BotId);
        read.Add("@instrument", product.InstrumentId);
        read.Add("@currency", currency);
        if (read.ExecuteScalar() is { } stored and not DBNull)
        {
            amount += Convert.ToDecimal(stored, System.Globalization.CultureInfo.InvariantCulture);
        }

        using var write = connection.Command(transaction, """
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
