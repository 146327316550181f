using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Writes position rows: one for each position Core opens (a fill's row names it at once), its figures
/// when the batch is flushed, and its removal when the fill that opened it was recorded already. During
/// a replay the product's earlier rows are taken over in order before any new one is made.
/// </summary>
internal sealed class PositionRows(WriteContext context)
{
    private RowStatement? _insert;
    private RowStatement? _reopen;
    private RowStatement? _update;
    private RowStatement? _delete;

    /// <summary>During a replay, the product's earlier positions, oldest first, taken over before any new one is made.</summary>
    private Queue<long>? _reusable;

    /// <summary>A row for a position opened at <paramref name="at"/>; its figures are written at flush.</summary>
    public long Open(long botId, long instrumentId, PositionDirection direction, DateTimeOffset at)
    {
        if (_reusable is not null && _reusable.TryDequeue(out var reused))
        {
            _reopen ??= context.Prepare("UPDATE positions SET direction = @direction, opened_at = @opened_at WHERE id = @id", "@direction", "@opened_at", "@id");
            _reopen.Set(0, direction.ToText());
            _reopen.Set(1, at);
            _reopen.Set(2, reused);
            _reopen.ExecuteNonQuery();
            return reused;
        }

        _insert ??= context.Prepare("""
            INSERT INTO positions (bot_id, instrument_id, direction, status, opened_at, quantity, max_quantity,
                                   entry_notional, entry_fees, realized_pnl, fees, cash_flow_pnl)
            VALUES (@bot, @instrument, @direction, 'open', @opened_at, 0, 0, 0, 0, 0, 0, 0)
            RETURNING id
            """,
            "@bot", "@instrument", "@direction", "@opened_at");
        _insert.Set(0, botId);
        _insert.Set(1, instrumentId);
        _insert.Set(2, direction.ToText());
        _insert.Set(3, at);
        return _insert.ExecuteInt64();
    }

    /// <summary>Writes a position's figures; an open one also gets the open quantity and entry of <paramref name="book"/>.</summary>
    public void Write(long id, Position position, ProductBook? book)
    {
        _update ??= context.Prepare("""
            UPDATE positions
            SET status = @status, closed_at = @closed_at, quantity = @quantity, max_quantity = @max_quantity,
                entry_notional = @entry_notional, entry_fees = @entry_fees, realized_pnl = @realized_pnl,
                fees = @fees, cash_flow_pnl = @cash_flow_pnl
            WHERE id = @id
            """,
            "@status", "@closed_at", "@quantity", "@max_quantity", "@entry_notional", "@entry_fees", "@realized_pnl", "@fees", "@cash_flow_pnl", "@id");
        var c = _update;
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

    public void Delete(long id)
    {
        _delete ??= context.Prepare("DELETE FROM positions WHERE id = @id", "@id");
        _delete.Set(0, id);
        _delete.ExecuteNonQuery();
    }

    /// <summary>From now on, <see cref="Open"/> takes over these rows, in order, before it makes a new one.</summary>
    public void Reuse(IEnumerable<long> ids) => _reusable = new Queue<long>(ids);

    /// <summary>Ends <see cref="Reuse"/>: the rows not taken over are no position's any more, and are deleted.</summary>
    public void DeleteUnused()
    {
        foreach (var leftover in _reusable ?? [])
        {
            Delete(leftover);
        }

        _reusable = null;
    }
}
