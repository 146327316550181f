using System.Data.Common;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Reads;

/// <summary>
/// A cash flow as stored: money into or out of the bot's account that no fill moved. One with a product
/// (<paramref name="Symbol"/>) in that product's quote currency counts in its P&amp;L, in the round trip
/// <paramref name="RoundTripId"/> names (null when none was open).
/// </summary>
public sealed record CashFlowRow(long Id, string Bot, string ExternalId, CashFlowKind Type, decimal Amount, string Currency, string? Symbol, DateTimeOffset Timestamp, long? RoundTripId);

/// <summary>An equity snapshot as the bot recorded it.</summary>
public sealed record SnapshotRow(long Id, string Bot, DateTimeOffset Timestamp, decimal Equity, decimal? Cash, string? Currency);

/// <summary>
/// A bot's account besides its trading: the cash flows it recorded and the equity it reported, newest first, a
/// page at a time, as the fills and orders are (<see cref="Executions"/>).
/// </summary>
public sealed class AccountHistory(TradebookDatabase database)
{
    private const string CashFlowColumns = """
        c.id, b.name, c.external_id, c.kind, c.amount, c.currency, i.symbol, c.ts, c.position_id
        FROM cash_flows c
        JOIN bots b ON b.id = c.bot_id
        LEFT JOIN instruments i ON i.id = c.instrument_id
        """;

    private const string SnapshotColumns = """
        s.id, b.name, s.ts, s.equity, s.cash, s.currency
        FROM equity_snapshots s
        JOIN bots b ON b.id = s.bot_id
        """;

    /// <summary>Cash flows, of one product when the query names one (an account's deposits have none).</summary>
    public Page<CashFlowRow> CashFlowPage(CallerScope scope, ExecutionQuery query) =>
        database.Read(connection => PageSql.OfBots(connection, database, scope, query, "c", CashFlowColumns, ReadCashFlow, r => (r.Timestamp, r.Id)));

    /// <summary>Snapshots as recorded; a snapshot is the whole account's, so the query names no product.</summary>
    public Page<SnapshotRow> SnapshotPage(CallerScope scope, ExecutionQuery query) =>
        database.Read(connection => PageSql.OfBots(connection, database, scope, query with { Symbol = null }, "s", SnapshotColumns, ReadSnapshot, r => (r.Timestamp, r.Id)));

    private static CashFlowRow ReadCashFlow(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), EnumText.Parse<CashFlowKind>(r.GetString(3)), r.GetDecimal(4), r.GetString(5), r.GetStringOrNull(6),
            StoredTime.Read(r.GetValue(7)), r.GetInt64OrNull(8));

    private static SnapshotRow ReadSnapshot(DbDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), StoredTime.Read(r.GetValue(2)), r.GetDecimal(3), r.GetDecimalOrNull(4), r.GetStringOrNull(5));
}
