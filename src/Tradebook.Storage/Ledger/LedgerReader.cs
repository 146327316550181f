using System.Data.Common;
using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Reads;

namespace Tradebook.Storage.Ledger;

/// <summary>How a P&amp;L report is grouped.</summary>
public enum PnlGrouping
{
    Product,
    Bot,
    Day,
}

/// <summary>Which bots a report covers. Modes are never mixed unless <see cref="AllModes"/> is set.</summary>
public sealed record ReportFilter(string? Bot = null, BotMode? Mode = null, bool AllModes = false, CallerScope? Scope = null);

/// <summary>
/// An open position with its mark. Unrealized P&amp;L is null without a mark; the entry price, the cost
/// basis and unrealized P&amp;L are null when the product's P&amp;L cannot be known, and <paramref name="PnlUnknown"/> says why.
/// </summary>
public sealed record OpenPositionRow(string Bot, string Mode, string Symbol, string Direction, decimal Quantity, decimal? AvgEntryPrice, decimal? CostBasis, decimal? MarkPrice, decimal? UnrealizedPnl, DateTimeOffset? OpenedAt, UnknownPnl? PnlUnknown = null);

/// <summary>
/// What round trips that ended below the dust threshold left of a product: held, but no position. Cost is
/// what it cost with its entry fees (what it brought in, for a short); unrealized is at the mark, when one is known.
/// Both are null when the product's P&amp;L cannot be known, and <paramref name="PnlUnknown"/> says why.
/// </summary>
public sealed record DustRow(string Bot, string Mode, string Symbol, decimal Quantity, decimal? Cost, decimal? MarkPrice, decimal? UnrealizedPnl, UnknownPnl? PnlUnknown = null);

/// <summary>
/// A round trip, open or closed. Its realized P&amp;L and fees are null when its product's P&amp;L cannot be known,
/// and <paramref name="PnlUnknown"/> says why; its quantity and fills stay.
/// </summary>
public sealed record TradeRow(long Id, string Bot, string Mode, string Symbol, string Direction, string Status, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, decimal MaxQuantity, decimal? RealizedPnl, decimal? Fees, int Fills, UnknownPnl? PnlUnknown = null);

/// <summary>
/// Tradebook's read side. P&amp;L reads come from the rollups kept with every fill, so their cost is
/// the number of products a bot trades, never the length of its history.
/// </summary>
public sealed class LedgerReader(TradebookDatabase database)
{
    public IReadOnlyList<PnlLine> Pnl(ReportFilter filter, PnlGrouping grouping, IReadOnlyDictionary<string, decimal>? marks = null) =>
        database.Read(connection =>
        {
            RequireBot(connection, filter);
            return Pnl(connection, filter, grouping, marks);
        });

    /// <inheritdoc cref="Pnl(ReportFilter, PnlGrouping, IReadOnlyDictionary{string, decimal}?)"/>
    /// <remarks>For a bot the caller already holds: its existence is not checked again.</remarks>
    internal IReadOnlyList<PnlLine> Pnl(DbConnection connection, ReportFilter filter, PnlGrouping grouping, IReadOnlyDictionary<string, decimal>? marks) =>
        grouping == PnlGrouping.Day ? Daily(connection, filter) : ByProduct(connection, filter, grouping, marks);

    /// <summary>
    /// The P&amp;L report <c>tradebook pnl</c> prints and the server's <c>/api/v1/pnl</c> returns: the lines,
    /// one total per mode (or one across modes when the filter asks for all), and the fees no rate converted.
    /// </summary>
    public PnlReport Report(ReportFilter filter, PnlGrouping grouping, IReadOnlyDictionary<string, decimal>? marks = null, CostBasisMethod? method = null) =>
        database.Read(connection =>
        {
            RequireBot(connection, filter);
            var bots = method is { } wanted ? Bots.List(connection).Where(b => b.Method == wanted).Select(b => b.Name).ToHashSet(StringComparer.Ordinal) : null;
            List<PnlLine> Of(PnlGrouping by) => Pnl(connection, filter, by, marks).Where(l => bots is null || bots.Contains(l.Bot)).ToList();
            var lines = Of(grouping);

            // Which products each bot holds decides which rows add up different products.
            var products = grouping == PnlGrouping.Product ? lines : Of(PnlGrouping.Product);
            return new PnlReport(grouping, lines, PnlReport.TotalsOf(lines, filter.AllModes), UnconvertedFees(connection, filter), products);
        });

    /// <summary>Every bot, each flagged when the P&amp;L of some of its products cannot be known.</summary>
    public IReadOnlyList<ListedBot> ListBots() =>
        database.Read(connection =>
        {
            var flags = ByProduct(connection, new ReportFilter(AllModes: true), PnlGrouping.Product, null)
                .GroupBy(l => l.Bot, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, UnknownPnlFlag.Of, StringComparer.Ordinal);
            return (IReadOnlyList<ListedBot>)Bots.List(connection).Select(b => ListedBot.Of(b, flags.GetValueOrDefault(b.Name))).ToList();
        });

    private List<PnlLine> ByProduct(DbConnection connection, ReportFilter filter, PnlGrouping grouping, IReadOnlyDictionary<string, decimal>? marks)
    {
        using var command = connection.Command(null, $"""
            SELECT b.name, b.mode, i.symbol, r.realized_pnl, r.fees, r.quantity, r.entry_notional, r.entry_fees, r.trades, r.wins, i.id,
                   r.dust, r.dust_notional, r.dust_fees, r.unpriced_fills
            FROM product_rollups r
            JOIN bots b ON b.id = r.bot_id
            JOIN instruments i ON i.id = r.instrument_id
            {Where(filter)}
            ORDER BY b.mode, b.name, i.symbol
            """);
        BindFilter(command, filter);
        var rows = new List<(PnlLine Line, long Instrument, ProductBook Book)>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var quantity = reader.GetDecimal(5);
                var book = ProductBook.Empty(CostBasisMethod.Average) with
                {
                    Quantity = quantity,
                    Lots = quantity == 0 ? [] : [new Lot(Math.Abs(quantity), reader.GetDecimal(6), reader.GetDecimal(7))],
                    Dust = reader.GetDecimal(11),
                    DustNotional = reader.GetDecimal(12),
                    DustFees = reader.GetDecimal(13),
                };

                // Without a price, dust counts at its cost: a leftover below the lot size does not leave a report unmarked.
                var line = new PnlLine(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), 0, reader.GetDecimal(4), quantity, book.AverageEntryPrice, book.CostBasis, reader.GetInt32(8), reader.GetInt32(9), quantity == 0, book.Dust, reader.GetInt32(14));
                rows.Add((line, reader.GetInt64(10), book));
            }
        }

        var lines = rows.Select(r =>
        {
            if (r.Book.IsFlat && r.Book.Dust == 0)
            {
                return r.Line;
            }

            var mark = marks is not null && marks.TryGetValue(r.Line.Product, out var given) ? given : LatestClose(connection, r.Instrument);
            return mark is { } price ? r.Line with { UnrealizedPnl = r.Book.UnrealizedPnl(price), Marked = true } : r.Line;
        }).ToList();

        return grouping == PnlGrouping.Bot
            ? lines.GroupBy(l => (l.Mode, l.Bot)).Select(g => g.Aggregate((a, b) => a.Plus(b, g.Key.Bot, "*"))).Select(l => l with { Product = "*" }).ToList()
            : lines;
    }

    private List<PnlLine> Daily(DbConnection connection, ReportFilter filter)
    {
        using var command = connection.Command(null, $"""
            SELECT b.name, b.mode, d.day, d.realized_pnl, d.fees, d.trades, d.wins, COALESCE(r.unpriced_fills, 0)
            FROM daily_rollups d
            JOIN bots b ON b.id = d.bot_id
            LEFT JOIN product_rollups r ON r.bot_id = d.bot_id AND r.instrument_id = d.instrument_id
            {Where(filter)}
            ORDER BY d.day, b.mode, b.name
            """);
        BindFilter(command, filter);
        var lines = new List<PnlLine>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            lines.Add(new PnlLine(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetDecimal(3), 0, reader.GetDecimal(4), 0, 0, 0, reader.GetInt32(5), reader.GetInt32(6), true, 0m, reader.GetInt32(7)));
        }

        // One line per bot and day: the rollup is kept per product. A day of a product whose P&L is unknown
        // is unknown too: the lot it closes may have been bought at price 0 on any earlier day.
        return lines.GroupBy(l => (l.Product, l.Mode, l.Bot)).Select(g => g.Aggregate((a, b) => a.Plus(b, g.Key.Bot, g.Key.Product))).ToList();
    }

    public IReadOnlyList<OpenPositionRow> OpenPositions(ReportFilter filter, IReadOnlyDictionary<string, decimal>? marks = null) =>
        database.Read(connection =>
        {
            RequireBot(connection, filter);
            using var command = connection.Command(null, $"""
                SELECT b.name, b.mode, i.symbol, r.quantity, r.entry_notional, r.entry_fees, p.opened_at, i.id, r.unpriced_fills
                FROM product_rollups r
                JOIN bots b ON b.id = r.bot_id
                JOIN instruments i ON i.id = r.instrument_id
                LEFT JOIN positions p ON p.id = r.open_position_id
                {Where(filter)} {(HasFilter(filter) ? "AND" : "WHERE")} r.open_position_id IS NOT NULL
                ORDER BY b.mode, b.name, i.symbol
                """);
            BindFilter(command, filter);
            var raw = new List<(string Bot, string Mode, string Symbol, ProductBook Book, DateTimeOffset? Opened, long Instrument)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var quantity = reader.GetDecimal(3);
                    var book = ProductBook.Empty(CostBasisMethod.Average) with { Quantity = quantity, Lots = [new Lot(Math.Abs(quantity), reader.GetDecimal(4), reader.GetDecimal(5))], UnpricedFills = reader.GetInt32(8) };
                    raw.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), book, StoredTime.ReadOrNull(reader.GetValue(6)), reader.GetInt64(7)));
                }
            }

            return (IReadOnlyList<OpenPositionRow>)raw.Select(r =>
            {
                var mark = marks is not null && marks.TryGetValue(r.Symbol, out var given) ? given : LatestClose(connection, r.Instrument);
                var known = r.Book.UnknownPnl is null;
                return new OpenPositionRow(
                    r.Bot, r.Mode, r.Symbol, (r.Book.Direction > 0 ? PositionDirection.Long : PositionDirection.Short).ToText(), Math.Abs(r.Book.Quantity),
                    known ? r.Book.AverageEntryPrice : null, known ? r.Book.CostBasis : null, mark, known && mark is { } m ? r.Book.UnrealizedPnl(m) : null, r.Opened, r.Book.UnknownPnl);
            }).ToList();
        });

    /// <summary>Every product's dust, with its cost and, when a mark is known, what it would realize there.</summary>
    public IReadOnlyList<DustRow> Dust(ReportFilter filter, IReadOnlyDictionary<string, decimal>? marks = null) =>
        database.Read(connection =>
        {
            RequireBot(connection, filter);
            using var command = connection.Command(null, $"""
                SELECT b.name, b.mode, i.symbol, r.dust, r.dust_notional, r.dust_fees, i.id, r.unpriced_fills
                FROM product_rollups r
                JOIN bots b ON b.id = r.bot_id
                JOIN instruments i ON i.id = r.instrument_id
                {Where(filter)}
                ORDER BY b.mode, b.name, i.symbol
                """);
            BindFilter(command, filter);
            var raw = new List<(string Bot, string Mode, string Symbol, ProductBook Book, long Instrument)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var book = ProductBook.Empty(CostBasisMethod.Average) with { Dust = reader.GetDecimal(3), DustNotional = reader.GetDecimal(4), DustFees = reader.GetDecimal(5), UnpricedFills = reader.GetInt32(7) };
                    if (book.Dust != 0)
                    {
                        raw.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), book, reader.GetInt64(6)));
                    }
                }
            }

            return (IReadOnlyList<DustRow>)raw.Select(r =>
            {
                var mark = marks is not null && marks.TryGetValue(r.Symbol, out var given) ? given : LatestClose(connection, r.Instrument);
                var known = r.Book.UnknownPnl is null;
                return new DustRow(r.Bot, r.Mode, r.Symbol, r.Book.Dust, known ? r.Book.DustCost : null, mark, known && mark is { } m ? r.Book.DustUnrealizedPnl(m) : null, r.Book.UnknownPnl);
            }).ToList();
        });

    public IReadOnlyList<TradeRow> Trades(ReportFilter filter, int limit = 1000) =>
        database.Read(connection =>
        {
            RequireBot(connection, filter);
            using var command = connection.Command(null, $"""
                {RoundTripRows.Select}
                {Where(filter)}
                ORDER BY p.opened_at DESC, p.id DESC
                LIMIT {limit.ToString(CultureInfo.InvariantCulture)}
                """);
            BindFilter(command, filter);
            return (IReadOnlyList<TradeRow>)RoundTripRows.Read(command);
        });

    /// <summary>Fees kept apart because no rate converted them, per bot and currency.</summary>
    public IReadOnlyList<(string Bot, string Currency, decimal Amount)> UnconvertedFees(ReportFilter filter) =>
        database.Read(connection =>
        {
            RequireBot(connection, filter);
            return UnconvertedFees(connection, filter);
        });

    private static IReadOnlyList<(string Bot, string Currency, decimal Amount)> UnconvertedFees(DbConnection connection, ReportFilter filter)
        {
            using var command = connection.Command(null, $"SELECT b.name, u.currency, u.amount FROM unconverted_fees u JOIN bots b ON b.id = u.bot_id {Where(filter)} ORDER BY b.name, u.currency");
            BindFilter(command, filter);
            var rows = new List<(string, string, decimal)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetDecimal(2)));
            }

            return rows.GroupBy(r => (r.Item1, r.Item2)).Select(g => (g.Key.Item1, g.Key.Item2, g.Sum(x => x.Item3))).ToList();
        }

    /// <summary>Maximum drawdown of a bot from its equity snapshots.</summary>
    public Drawdown MaxDrawdown(string bot) =>
        database.Read(connection =>
        {
            using var command = connection.Command(null, "SELECT s.ts, s.equity FROM equity_snapshots s JOIN bots b ON b.id = s.bot_id WHERE b.name = @bot ORDER BY s.ts");
            command.Add("@bot", bot);
            var points = new List<(DateTimeOffset, decimal)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                points.Add((StoredTime.Read(reader.GetValue(0)), reader.GetDecimal(1)));
            }

            return Drawdown.Maximum(points);
        });

    private static decimal? LatestClose(DbConnection connection, long instrument)
    {
        using var command = connection.Command(null, "SELECT close FROM price_bars WHERE instrument_id = @instrument ORDER BY ts DESC LIMIT 1");
        command.Add("@instrument", instrument);
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetDecimal(0) : null;
    }

    private static void RequireBot(DbConnection connection, ReportFilter filter) => (filter.Scope ?? CallerScope.LocalOwner).RequireBot(connection, filter.Bot);

    private static bool HasFilter(ReportFilter filter) => filter.Bot is not null || filter.Mode is not null || filter.Scope?.User is not null;

    private static string Where(ReportFilter filter)
    {
        var conditions = new List<string>();
        if (filter.Bot is not null)
        {
            conditions.Add("b.name = @bot");
        }

        if (filter.Mode is not null)
        {
            conditions.Add("b.mode = @mode");
        }

        if (filter.Scope is { User: not null } scope)
        {
            conditions.Add(scope.Condition("b"));
        }

        return conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions);
    }

    private static void BindFilter(DbCommand command, ReportFilter filter)
    {
        if (filter.Bot is not null)
        {
            command.Add("@bot", filter.Bot);
        }

        if (filter.Mode is { } mode)
        {
            command.Add("@mode", mode.ToText());
        }

        filter.Scope?.Bind(command);
    }
}
