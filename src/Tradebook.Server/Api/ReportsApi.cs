using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tradebook.Core;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Core.Metrics;
using Tradebook.Server.Caching;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;

namespace Tradebook.Server.Api;

/// <summary>A bot's equity curve at one interval, with its drawdown.</summary>
public sealed record EquityCurveResult(string Bot, string Interval, string? Currency, IReadOnlyList<EquityCurvePoint> Points, MaxDrawdown MaxDrawdown);

/// <summary>The deepest fall from a peak: its fraction of the peak, and when the peak and the trough were.</summary>
public sealed record MaxDrawdown(decimal Fraction, decimal Amount, DateTimeOffset? PeakAt, DateTimeOffset? TroughAt);

/// <summary>
/// A bot's performance, as docs/metrics.md defines each figure. A figure the history cannot support is null;
/// so is every figure made of fill prices when the bot's P&amp;L cannot be known, and <paramref name="PnlUnknown"/> says why.
/// </summary>
public sealed record BotMetrics(
    string Bot,
    BotMode Mode,
    string? Currency,
    decimal? Return,
    decimal? RealizedPnl,
    decimal? UnrealizedPnl,
    decimal? TotalPnl,
    decimal? Fees,
    decimal? WinRate,
    decimal? ProfitFactor,
    decimal? Expectancy,
    decimal? AverageWin,
    decimal? AverageLoss,
    decimal MaxDrawdown,
    DateTimeOffset? MaxDrawdownStart,
    DateTimeOffset? MaxDrawdownEnd,
    decimal? Sharpe,
    decimal? Sortino,
    decimal? Calmar,
    decimal? Cagr,
    int Trades,
    decimal? Exposure,
    Core.Accounting.UnknownPnlFlag? PnlUnknown = null);

/// <summary>The bots of one mode ranked by a metric, and what each metric means.</summary>
public sealed record Leaderboard(BotMode Mode, string Sort, int Annualization, IReadOnlyList<BotMetrics> Items, IReadOnlyDictionary<string, string> Definitions);

/// <summary>Open positions with their marks.</summary>
public sealed record PositionList(IReadOnlyList<OpenPositionRow> Items);

/// <summary>P&amp;L, positions, equity curves, metrics and the leaderboard.</summary>
public static class ReportsApi
{
    private static readonly Dictionary<string, Func<BotMetrics, decimal?>> Sorts = new(StringComparer.Ordinal)
    {
        ["return"] = m => m.Return,
        ["pnl"] = m => m.TotalPnl ?? m.RealizedPnl,
        ["realized_pnl"] = m => m.RealizedPnl,
        ["win_rate"] = m => m.WinRate,
        ["profit_factor"] = m => m.ProfitFactor,
        ["max_drawdown"] = m => -m.MaxDrawdown,
        ["sharpe"] = m => m.Sharpe,
        ["sortino"] = m => m.Sortino,
        ["calmar"] = m => m.Calmar,
        ["trades"] = m => m.Trades,
    };

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Reports");
        api.MapGet("/pnl", Pnl).WithName("get-pnl").WithSummary("The same report as `tradebook pnl --json`: by product, bot or day; totals per mode unless all_modes.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/positions", (LedgerReader reader, CallerScope scope, string? bot, string? mode) =>
            TypedResults.Ok(new PositionList(reader.OpenPositions(Filter(scope, bot, mode, false))))).WithName("list-positions").WithSummary("Open positions with their latest mark.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/bots/{bot}/equity", Equity).WithName("get-equity").WithSummary("The equity curve, downsampled on the server to 5m, 15m, 1h, 4h or 1d, with drawdown.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/bots/{bot}/metrics", Metrics).WithName("get-metrics").WithSummary("Return, P&L, win rate, profit factor, drawdown, Sharpe, Sortino, Calmar, CAGR, exposure (docs/metrics.md).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/leaderboard", Board).WithName("get-leaderboard").WithSummary("The bots of one mode ranked by a metric; modes are never mixed.");
        return app;
    }

    internal static ReportFilter Filter(CallerScope scope, string? bot, string? mode, bool allModes) => new(Query.Bot(bot), Query.Mode(mode), allModes, scope);

    private static Ok<PnlDocument> Pnl(LedgerReader reader, CallerScope scope, string? by, string? bot, string? mode, bool? all_modes)
    {
        var grouping = by switch
        {
            null or "" or "product" => PnlGrouping.Product,
            "bot" => PnlGrouping.Bot,
            "day" => PnlGrouping.Day,
            _ => throw new TradebookException(ErrorCode.InvalidInput, $"by '{by}' is not product, bot or day"),
        };
        return TypedResults.Ok(PnlDocument.From(reader.Report(Filter(scope, bot, mode, all_modes ?? false), grouping)));
    }

    /// <summary>
    /// A bot's equity curve: the whole history's from the cache (a chart of every bot redraws it on each of their
    /// snapshots), a range's from its readings.
    /// </summary>
    private static Results<Ok<EquityCurveResult>, ProblemHttpResult> Equity(string bot, BotDirectory bots, EquityHistory history, MetricsCache cache, CallerScope scope, string? interval, string? from, string? to)
    {
        if (bots.Find(scope, bot) is not { } summary)
        {
            return BotsApi.NotFound(bot);
        }

        var name = string.IsNullOrEmpty(interval) ? "1h" : interval;
        if (!EquityCurve.Intervals.TryGetValue(name, out var span))
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"interval '{interval}' is not one of {string.Join(", ", EquityCurve.Intervals.Keys)}");
        }

        var (since, until) = (Query.Time(from, "from"), Query.Time(to, "to"));
        IReadOnlyList<EquityCurvePoint> curve;
        Drawdown drawdown;
        if (since is null && until is null)
        {
            if (cache.Curve(summary.Name, span) is not { } whole)
            {
                return BotsApi.NotFound(bot);
            }

            (curve, drawdown) = whole;
        }
        else
        {
            var points = history.Points(bot, since, until);
            var flows = history.CapitalFlows(bot, since, until);
            (curve, drawdown) = (EquityCurve.Downsample(points, span, flows), Drawdown.Maximum(CapitalAdjustment.Adjusted(points, flows).Select(p => (p.At, p.Equity))));
        }

        return TypedResults.Ok(new EquityCurveResult(bot, name, summary.Currency, curve, new MaxDrawdown(drawdown.Fraction, drawdown.Amount, drawdown.PeakAt, drawdown.TroughAt)));
    }

    private static Results<Ok<BotMetrics>, ProblemHttpResult> Metrics(string bot, BotDirectory bots, MetricsCache cache, CallerScope scope, int? annualization)
    {
        if (bots.Find(scope, bot) is not { } summary)
        {
            return BotsApi.NotFound(bot);
        }

        // A bot deleted since it was found has no metrics either.
        return cache.Get(summary.Name, Annualization(annualization)) is { } metrics ? TypedResults.Ok(ToBotMetrics(summary, metrics)) : BotsApi.NotFound(bot);
    }

    private static Ok<Leaderboard> Board(BotDirectory bots, MetricsCache cache, CallerScope scope, string? mode, string? sort, int? annualization)
    {
        var wanted = Query.Mode(mode) ?? throw new TradebookException(ErrorCode.InvalidInput, "a leaderboard ranks the bots of one mode: give mode=live, paper, backtest or test");
        var key = string.IsNullOrEmpty(sort) ? "return" : sort;
        if (!Sorts.TryGetValue(key, out var by))
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"sort '{sort}' is not one of {string.Join(", ", Sorts.Keys)}");
        }

        var periods = Annualization(annualization);
        var listed = bots.List(scope, new BotListQuery(wanted));
        var computed = cache.Get(listed.Select(b => b.Name).ToList(), periods);

        // A bot deleted between the list and its metrics is left out.
        var items = listed.Zip(computed).Where(pair => pair.Second is not null).Select(pair => ToBotMetrics(pair.First, pair.Second!))
            .OrderBy(m => by(m) is null)
            .ThenByDescending(m => by(m))
            .ThenBy(m => m.Bot, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new Leaderboard(wanted, key, periods, items, MetricDefinitions.All));
    }

    private static int Annualization(int? periods) =>
        periods switch
        {
            null => 365,
            >= 1 and <= 366 => periods.Value,
            _ => throw new TradebookException(ErrorCode.InvalidInput, $"annualization {periods} is out of range; give the periods in a year, 365 for crypto or 252 for stocks"),
        };

    private static BotMetrics ToBotMetrics(BotSummary bot, PerformanceMetrics computed)
    {
        var metrics = bot.PnlUnknown is null ? computed : computed.WithUnknownTradePnl();
        return new BotMetrics(
            bot.Name, bot.Mode, bot.Currency, metrics.Return, bot.RealizedPnl, bot.UnrealizedPnl, bot.UnrealizedPnl is { } u ? bot.RealizedPnl + u : null, bot.Fees,
            metrics.WinRate, metrics.ProfitFactor, metrics.Expectancy, metrics.AverageWin, metrics.AverageLoss,
            metrics.MaxDrawdown.Fraction, metrics.MaxDrawdown.PeakAt, metrics.MaxDrawdown.TroughAt,
            metrics.Sharpe, metrics.Sortino, metrics.Calmar, metrics.Cagr, metrics.Trades, metrics.Exposure, bot.PnlUnknown);
    }
}
