using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Writes position rows: one for each position Core opens (a fill's row names it at once), its figures
/// when the batch is flushed, and its removal when the fill that opened it was recorded already. During
/// a replay the product's earlier rows are taken over by the positions their fills still open.
/// </summary>
internal sealed class PositionRows(WriteContext context)
{
    private RowStatement? _insert;
    private RowStatement? _update;
    private RowStatement? _rewrite;
    private RowStatement? _delete;

    /// <summary>During a replay, the product's earlier positions not taken over yet.</summary>
    private HashSet<long>? _reusable;

    /// <summary>
    /// During a replay, the rows of <see cref="_reusable"/> whose fills the replay has all passed: no later fill can
    /// keep one, so a position that cannot take over its own former row takes one of these rather than a new row
    /// (an insert now and a delete at the end of the replay become one rewrite).
    /// </summary>
    private SortedSet<long>? _spent;

    /// <summary>The latest position opened, and when: one opened at the same time must get a larger id.</summary>
    private (long Id, long AtMicro)? _lastOpened;

    /// <summary>
    /// Rows taken over whose direction and opening time are written with their figures: a replayed position
    /// is written once, not once when it opens and again when it closes.
    /// </summary>
    private readonly HashSet<long> _takenOver = [];

    /// <summary>
    /// A row for a position opened at <paramref name="at"/>; its figures are written at flush. During a replay,
    /// <paramref name="former"/> is the row the opening fill was stored under: the position takes it over when
    /// no other did, so that the fills that stay in the same round trip keep their row and only their realized
    /// P&amp;L is written again. Otherwise it gets a new row.
    /// </summary>
    public long Open(long botId, long instrumentId, PositionDirection direction, DateTimeOffset at, long? former = null)
    {
        var atMicro = UniqueRows.Micro(at).UtcTicks;
        var id = TakeOver(former, atMicro) ?? TakeSpent(atMicro) ?? Insert(botId, instrumentId, direction, at);
        _lastOpened = (id, atMicro);
        return id;
    }

    /// <summary>
    /// <paramref name="former"/>, when a replay may take it over. Readers order positions by opening time, then
    /// id, so a position opened at the same time as the one before it must not take a smaller id.
    /// </summary>
    private long? TakeOver(long? former, long atMicro)
    {
        if (_reusable is null || former is not { } id || (_lastOpened is var (lastId, lastAt) && lastAt == atMicro && id < lastId) || !_reusable.Remove(id))
        {
            return null;
        }

        _spent?.Remove(id);
        _takenOver.Add(id);
        return id;
    }

    /// <summary>The smallest spent row that keeps positions opened at the same time in id order, if any.</summary>
    private long? TakeSpent(long atMicro)
    {
        if (_spent is not { Count: > 0 } spent)
        {
            return null;
        }

        var candidates = _lastOpened is var (lastId, lastAt) && lastAt == atMicro ? spent.GetViewBetween(lastId + 1, long.MaxValue) : spent;
        if (candidates.Count == 0)
        {
            return null;
        }

        var id = candidates.Min;
        spent.Remove(id);
        _reusable!.Remove(id);
        _takenOver.Add(id);
        return id;
    }

    private long Insert(long botId, long instrumentId, PositionDirection direction, DateTimeOffset at)
    {
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
        var c = _takenOver.Remove(id) ? Rewrite() : Update();
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
        if (c == _rewrite)
        {
            c.Set(10, position.Direction.ToText());
            c.Set(11, position.OpenedAt);
        }

        c.ExecuteNonQuery();
    }

    private RowStatement Update() => _update ??= context.Prepare("""
        UPDATE positions
        SET status = @status, closed_at = @closed_at, quantity = @quantity, max_quantity = @max_quantity,
            entry_notional = @entry_notional, entry_fees = @entry_fees, realized_pnl = @realized_pnl,
            fees = @fees, cash_flow_pnl = @cash_flow_pnl
        WHERE id = @id
        """,
        "@status", "@closed_at", "@quantity", "@max_quantity", "@entry_notional", "@entry_fees", "@realized_pnl", "@fees", "@cash_flow_pnl", "@id");

    /// <summary>As <see cref="Update"/>, for a row taken over by a replay: it also gets its new direction and opening time.</summary>
    private RowStatement Rewrite() => _rewrite ??= context.Prepare("""
        UPDATE positions
        SET status = @status, closed_at = @closed_at, quantity = @quantity, max_quantity = @max_quantity,
            entry_notional = @entry_notional, entry_fees = @entry_fees, realized_pnl = @realized_pnl,
            fees = @fees, cash_flow_pnl = @cash_flow_pnl, direction = @direction, opened_at = @opened_at
        WHERE id = @id
        """,
        "@status", "@closed_at", "@quantity", "@max_quantity", "@entry_notional", "@entry_fees", "@realized_pnl", "@fees", "@cash_flow_pnl", "@id",
        "@direction", "@opened_at");

    public void Delete(long id)
    {
        _delete ??= context.Prepare("DELETE FROM positions WHERE id = @id", "@id");
        _delete.Set(0, id);
        _takenOver.Remove(id);
        _delete.ExecuteNonQuery();
    }

    /// <summary>From now on, <see cref="Open"/> may take over these rows.</summary>
    public void Reuse(IEnumerable<long> ids)
    {
        _reusable = [.. ids];
        _spent = [];
        _lastOpened = null;
    }

    /// <summary>During a replay: no fill still to be replayed was stored under <paramref name="id"/>, so no later fill can keep it.</summary>
    public void Spent(long id)
    {
        if (_reusable?.Contains(id) == true)
        {
            _spent!.Add(id);
        }
    }

    /// <summary>During a replay: every row still to be taken over but <paramref name="named"/> by a fill to be replayed is spent.</summary>
    public void SpentUnless(IReadOnlySet<long> named)
    {
        foreach (var id in _reusable ?? [])
        {
            if (!named.Contains(id))
            {
                _spent!.Add(id);
            }
        }
    }

    /// <summary>Ends <see cref="Reuse"/>: the rows not taken over are no position's any more, and are deleted.</summary>
    public void DeleteUnused()
    {
        foreach (var leftover in _reusable?.Order() ?? Enumerable.Empty<long>())
        {
            Delete(leftover);
        }

        _reusable = null;
        _spent = null;
    }
}
