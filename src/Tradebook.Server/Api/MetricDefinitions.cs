namespace Tradebook.Server.Api;

/// <summary>What each leaderboard metric means, one line each, as docs/metrics.md states it in full.</summary>
public static class MetricDefinitions
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["return"] = "(last equity - first equity) / first equity, from the bot's equity snapshots.",
        ["realized_pnl"] = "P&L of closed quantity, after fees, from the ledger; null when some fills have no price (P&L unknown).",
        ["unrealized_pnl"] = "Open positions at their latest mark minus their cost basis; null when a position has no price.",
        ["total_pnl"] = "Realized plus unrealized P&L.",
        ["fees"] = "Fees paid, converted to the quote currency.",
        ["win_rate"] = "Closed round trips with positive realized P&L / closed round trips.",
        ["profit_factor"] = "Sum of winning round trips' P&L / |sum of losing round trips' P&L|; null without a loss.",
        ["expectancy"] = "Mean realized P&L per closed round trip.",
        ["average_win"] = "Mean P&L of winning round trips.",
        ["average_loss"] = "Mean P&L of losing round trips.",
        ["max_drawdown"] = "Largest fall of equity from a previous peak, as a fraction of that peak.",
        ["sharpe"] = "mean(daily return) / stdev(daily return, n-1) * sqrt(annualization); risk-free rate 0. Daily returns use each UTC day's last equity snapshot.",
        ["sortino"] = "mean(daily return) / sqrt(mean(min(daily return, 0)^2)) * sqrt(annualization); null without a losing day.",
        ["cagr"] = "(last equity / first equity) ^ (annualization / number of daily returns) - 1.",
        ["calmar"] = "CAGR / maximum drawdown; null without a drawdown.",
        ["trades"] = "Closed round trips.",
        ["exposure"] = "Share of the time between the first and last equity snapshot during which a position was open.",
    };
}
