using System.Data.Common;
using Tradebook.Core.Accounting;
using Tradebook.Core.Bots;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Reads;

/// <summary>A bot's last fill, as its card shows it.</summary>
public sealed record LastTrade(string Symbol, Side Side, decimal Quantity, decimal Price, DateTimeOffset Timestamp);

/// <summary>
/// A bot as a screen shows it: who it is, whether it is alive, and its figures. Every figure comes from
/// the rollups kept with each write, never from a scan of the bot's history. When some of its products'
/// P&amp;L cannot be known, <paramref name="PnlUnknown"/> flags the bot and the P&amp;L figures, fees and wins are null.
/// <paramref name="RunningUntil"/> is when a running bot turns stale if nothing more is heard of it.
/// </summary>
public sealed record BotSummary(
    string Name,
    BotMode Mode,
    BotStatus Status,
    DateTimeOffset? LastSeenAt,
    DateTimeOffset? LastActivityAt,
    DateTimeOffset? LastHeartbeatAt,
    string? ReportedStatus,
    string? Version,
    string? Host,
    string? Exchange,
    string? StrategyName,
    string? StrategyVersion,
    CostBasisMethod CostMethod,
    string? Currency,
    decimal? Equity,
    DateTimeOffset? EquityAt,
    decimal? RealizedPnl,
    decimal? UnrealizedPnl,
    decimal? Fees,
    int OpenPositions,
    int Trades,
    int? Wins,
    LastTrade? LastTrade,
    IReadOnlyList<string> Warnings,
    DateTimeOffset CreatedAt,
    UnknownPnlFlag? PnlUnknown = null,
    DateTimeOffset? RunningUntil = null);

/// <summary>Which bots a list holds.</summary>
public sealed record BotListQuery(BotMode? Mode = null, bool IncludeArchived = false);

/// <summary>Bots with their status and figures.</summary>
public sealed class BotDirectory(TradebookDatabase database, TimeProvider time, TimeSpan staleAfter)
{
    private const string Select = """
        SELECT b.name, b.mode, b.cost_method, b.exchange, b.strategy_name, b.strategy_version, b.created_at, b.paused_at, b.archived_at,
               a.last_write_at, a.last_heartbeat_at, a.reported_status, a.version, a.host, b.id
        FROM bots b
        LEFT JOIN bot_activity a ON a.bot_id = b.id
        """;

    public IReadOnlyList<BotSummary> List(CallerScope scope, BotListQuery query) =>
        database.Read(connection =>
        {
            using var command = connection.Command(null, $"""
                {Select}
                WHERE {scope.Condition("b")}
                  {(query.Mode is null ? string.Empty : "AND b.mode = @mode")}
                  {(query.IncludeArchived ? string.Empty : "AND b.archived_at IS NULL")}
                ORDER BY b.mode, b.name
                """);
            scope.Bind(command);
            if (query.Mode is { } mode)
            {
                command.Add("@mode", mode.ToText());
            }

            var bots = ReadBots(command);
            return (IReadOnlyList<BotSummary>)bots.Select(b => Summarize(connection, b)).ToList();
        });

    /// <summary>One bot, archived or not; null when it does not exist or is not in scope.</summary>
    public BotSummary? Find(CallerScope scope, string name) =>
        database.Read(connection =>
        {
            using var command = connection.Command(null, $"{Select} WHERE b.name = @name AND {scope.Condition("b")}");
            command.Add("@name", name);
            scope.Bind(command);
            return ReadBots(command).Select(b => Summarize(connection, b)).SingleOrDefault();
        });

    private BotSummary Summarize(DbConnection connection, StoredBot bot)
    {
        var now = time.GetUtcNow();
        var lastSeen = BotLiveness.Latest(bot.LastWriteAt, bot.LastHeartbeatAt);
        var status = BotLiveness.Of(bot.Mode, bot.PausedAt, bot.ArchivedAt, lastSeen, now, staleAfter);
        var lines = new LedgerReader(database).Pnl(connection, new ReportFilter(bot.Name, AllModes: true), PnlGrouping.Product, null);
        var (equity, equityAt, snapshotCurrency) = LatestSnapshot(connection, bot.Id);
        var warnings = new List<string>();

        // The bot's figures add its products up in their quote currency: one currency names them where no snapshot
        // does (a history an import brought); several are added without conversion, which the bot's warnings say.
        var quotes = Symbol.QuotesOf(lines.Select(l => l.Product));
        var currency = snapshotCurrency ?? (quotes.Count == 1 ? quotes[0] : null);
        if (quotes.Count > 1)
        {
            warnings.Add($"its products are quoted in {string.Join(", ", quotes)}: their P&L and fees are added as they are, not converted");
        }

        // A market written two ways (BTCUSDT and BTC/USDT) is two products, each with its own position: say so.
        foreach (var spellings in lines.Select(l => l.Product).Distinct(StringComparer.Ordinal)
            .GroupBy(Market).Where(g => g.Count() > 1))
        {
            warnings.Add($"{string.Join(" and ", spellings.Order(StringComparer.Ordinal))} are one market written {spellings.Count()} ways: each is a product of its own, with its own position");
        }

        var unknown = UnknownPnlFlag.Of(lines);
        if (unknown is not null)
        {
            warnings.Add(unknown.Message);
        }

        if (UnexecutedOrders.Warning(UnexecutedOrders.Of(connection, database, bot.Id, now - UnexecutedOrders.Settle)) is { } unexecuted)
        {
            warnings.Add(unexecuted);
        }

        var unmarked = lines.Where(l => l.PositionQty != 0 && !l.Marked).Select(l => l.Product).ToList();
        if (unmarked.Count > 0)
        {
            warnings.Add($"no price for {string.Join(", ", unmarked)}: unrealized P&L unknown");
        }

        if (status == BotStatus.Stale)
        {
            warnings.Add(lastSeen is { } seen ? $"not seen for {Describe(now - seen)}" : "never seen: no heartbeat and no write yet");
        }

        return new BotSummary(
            bot.Name, bot.Mode, status, lastSeen, bot.LastWriteAt, bot.LastHeartbeatAt, bot.ReportedStatus, bot.Version, bot.Host,
            bot.Exchange, bot.StrategyName, bot.StrategyVersion, bot.CostMethod, currency, equity, equityAt,
            unknown is null ? lines.Sum(l => l.RealizedPnl) : null,
            unmarked.Count > 0 || unknown is not null ? null : lines.Sum(l => l.UnrealizedPnl),
            unknown is null ? lines.Sum(l => l.Fees) : null,
            lines.Count(l => l.PositionQty != 0),
            lines.Sum(l => l.Trades),
            unknown is null ? lines.Sum(l => l.Wins) : null,
            LastFill(connection, bot.Id),
            warnings,
            bot.CreatedAt,
            unknown,
            BotLiveness.RunningUntil(status, lastSeen, staleAfter));
    }

    /// <summary>The market a product's symbol names, however it is written.</summary>
    private static (string Base, string Quote, InstrumentKind Kind) Market(string product)
    {
        var symbol = Symbol.Parse(product);
        return (symbol.Base, symbol.Quote, symbol.Kind);
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays} d" : span.TotalHours >= 1 ? $"{(int)span.TotalHours} h" : $"{Math.Max(1, (int)span.TotalMinutes)} min";

    private static (decimal? Equity, DateTimeOffset? At, string? Currency) LatestSnapshot(DbConnection connection, long botId)
    {
        using var command = connection.Command(null, "SELECT equity, ts, currency FROM equity_snapshots WHERE bot_id = @bot ORDER BY ts DESC LIMIT 1");
        command.Add("@bot", botId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetDecimal(0), StoredTime.Read(reader.GetValue(1)), reader.GetStringOrNull(2)) : (null, null, null);
    }

    // The product rollups know each product's last fill time, so the newest fill is found by key: per product,
    // the fill at that time with the highest id. Joined to fills on the bot alone instead, SQLite's planner
    // chose to walk every fill of the bot (65 ms for a bot of 250,000 fills, for each bot of the list); the
    // fill's id from a subquery per rollup leaves it no such plan.
    private static LastTrade? LastFill(DbConnection connection, long botId)
    {
        using var command = connection.Command(null, """
            SELECT i.symbol, f.side, f.quantity, f.price, f.ts
            FROM product_rollups r
            JOIN instruments i ON i.id = r.instrument_id
            JOIN fills f ON f.id = (
                SELECT MAX(n.id) FROM fills n
                WHERE n.bot_id = r.bot_id AND n.instrument_id = r.instrument_id AND n.ts = r.last_fill_at)
            WHERE r.bot_id = @bot AND r.last_fill_at IS NOT NULL
            ORDER BY r.last_fill_at DESC, f.id DESC
            LIMIT 1
            """);
        command.Add("@bot", botId);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new LastTrade(reader.GetString(0), EnumText.Parse<Side>(reader.GetString(1)), reader.GetDecimal(2), reader.GetDecimal(3), StoredTime.Read(reader.GetValue(4)))
            : null;
    }

    private static List<StoredBot> ReadBots(DbCommand command)
    {
        var bots = new List<StoredBot>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            bots.Add(new StoredBot(
                reader.GetString(0), EnumText.Parse<BotMode>(reader.GetString(1)), EnumText.Parse<CostBasisMethod>(reader.GetString(2)),
                reader.GetStringOrNull(3), reader.GetStringOrNull(4), reader.GetStringOrNull(5), StoredTime.Read(reader.GetValue(6)),
                StoredTime.ReadOrNull(reader.GetValue(7)), StoredTime.ReadOrNull(reader.GetValue(8)),
                StoredTime.ReadOrNull(reader.GetValue(9)), StoredTime.ReadOrNull(reader.GetValue(10)),
                reader.GetStringOrNull(11), reader.GetStringOrNull(12), reader.GetStringOrNull(13), reader.GetInt64(14)));
        }

        return bots;
    }

    private sealed record StoredBot(
        string Name, BotMode Mode, CostBasisMethod CostMethod, string? Exchange, string? StrategyName, string? StrategyVersion, DateTimeOffset CreatedAt,
        DateTimeOffset? PausedAt, DateTimeOffset? ArchivedAt, DateTimeOffset? LastWriteAt, DateTimeOffset? LastHeartbeatAt,
        string? ReportedStatus, string? Version, string? Host, long Id);
}
