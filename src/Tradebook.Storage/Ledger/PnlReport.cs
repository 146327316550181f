using Tradebook.Core.Accounting;

namespace Tradebook.Storage.Ledger;

/// <summary>A P&amp;L report: its lines, a total per mode, and the fees that no rate converted.</summary>
public sealed record PnlReport(
    PnlGrouping GroupBy,
    IReadOnlyList<PnlLine> Lines,
    IReadOnlyList<PnlLine> Totals,
    IReadOnlyList<(string Bot, string Currency, decimal Amount)> UnconvertedFees)
{
    /// <summary>Totals never add up different modes unless asked: one total per mode, or one across all.</summary>
    public static IReadOnlyList<PnlLine> TotalsOf(IReadOnlyList<PnlLine> lines, bool allModes) =>
        lines.Count == 0 ? [] :
        allModes
            ? [lines.Aggregate((a, b) => a.Plus(b, "TOTAL", "*")) with { Bot = "TOTAL", Product = "*", Mode = "all" }]
            : lines.GroupBy(l => l.Mode).Select(g => g.Aggregate((a, b) => a.Plus(b, "TOTAL", "*")) with { Bot = "TOTAL", Product = "*", Mode = g.Key }).ToList();
}

/// <summary>
/// The P&amp;L report as JSON documents show it, in <c>tradebook pnl --json</c> and <c>/api/v1/pnl</c> alike:
/// one shape, so that both give the same figures under the same names.
/// </summary>
public sealed record PnlDocument(PnlGrouping GroupBy, IReadOnlyList<PnlDocument.Line> Lines, IReadOnlyList<PnlDocument.Line> Totals, IReadOnlyList<PnlDocument.Fee> UnconvertedFees)
{
    public static PnlDocument From(PnlReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(report.GroupBy, report.Lines.Select(Line.From).ToList(), report.Totals.Select(Line.From).ToList(), report.UnconvertedFees.Select(u => new Fee(u.Bot, u.Currency, u.Amount)).ToList());
    }

    /// <param name="Dust">Quantity left by round trips that ended below the dust threshold: held, but no position.</param>
    public sealed record Line(string Bot, string Mode, string Product, decimal RealizedPnl, decimal UnrealizedPnl, bool Marked, decimal Fees, decimal PositionQty, decimal AvgEntryPrice, decimal CostBasis, int Trades, int Wins, decimal WinRate, decimal Dust)
    {
        public static Line From(PnlLine l) => new(l.Bot, l.Mode, l.Product, l.RealizedPnl, l.UnrealizedPnl, l.Marked, l.Fees, l.PositionQty, l.AvgEntryPrice, l.CostBasis, l.Trades, l.Wins, l.WinRate, l.Dust);
    }

    public sealed record Fee(string Bot, string Currency, decimal Amount);
}
