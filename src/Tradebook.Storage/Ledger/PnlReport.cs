using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Storage.Ledger;

/// <summary>A P&amp;L report: its lines, a total per mode, and the fees that no rate converted.</summary>
/// <param name="ProductLines">The same bots' lines per product, which tell what each bot holds.</param>
public sealed record PnlReport(
    PnlGrouping GroupBy,
    IReadOnlyList<PnlLine> Lines,
    IReadOnlyList<PnlLine> Totals,
    IReadOnlyList<(string Bot, string Currency, decimal Amount)> UnconvertedFees,
    IReadOnlyList<PnlLine> ProductLines)
{
    /// <summary>Totals never add up different modes unless asked: one total per mode, or one across all.</summary>
    public static IReadOnlyList<PnlLine> TotalsOf(IReadOnlyList<PnlLine> lines, bool allModes) =>
        lines.Count == 0 ? [] :
        allModes
            ? [lines.Aggregate((a, b) => a.Plus(b, "TOTAL", "*")) with { Bot = "TOTAL", Product = "*", Mode = "all" }]
            : lines.GroupBy(l => l.Mode).Select(g => g.Aggregate((a, b) => a.Plus(b, "TOTAL", "*")) with { Bot = "TOTAL", Product = "*", Mode = g.Key }).ToList();
}

/// <summary>
/// The P&amp;L report as <c>tradebook pnl</c> and <c>/api/v1/pnl</c> show it: one shape, so that both give
/// the same figures under the same names. A row that adds up several products (a bot's row, a day's
/// row, a TOTAL) shows only what adds up across products: P&amp;L, fees, trades and wins. A position, an
/// average entry price, a cost basis and dust belong to one product: 0.045 BTC and 1.01 ETH are not a
/// position of 1.055, so such a row leaves them null. P&amp;L in different quote currencies is added as it is,
/// not converted: <see cref="Warnings"/> names each row that does so.
/// </summary>
public sealed record PnlDocument(
    PnlGrouping GroupBy,
    IReadOnlyList<PnlDocument.Line> Lines,
    IReadOnlyList<PnlDocument.Line> Totals,
    IReadOnlyList<PnlDocument.Fee> UnconvertedFees,
    IReadOnlyList<string> Warnings)
{
    public static PnlDocument From(PnlReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var held = report.ProductLines.GroupBy(l => (l.Mode, l.Bot)).ToDictionary(g => g.Key, g => g.Select(l => l.Product).ToHashSet(StringComparer.Ordinal));
        int Products(IEnumerable<(string Mode, string Bot)> bots) => bots.SelectMany(b => held.GetValueOrDefault(b) ?? []).Distinct(StringComparer.Ordinal).Count();

        var lines = report.Lines.Select(l => Line.From(l, report.GroupBy != PnlGrouping.Product && Products([(l.Mode, l.Bot)]) > 1)).ToList();

        // A total adds up its mode's lines (every mode's, when asked for all).
        IEnumerable<(string Mode, string Bot)> BotsOf(PnlLine total) => report.Lines.Where(l => total.Mode == "all" || l.Mode == total.Mode).Select(l => (l.Mode, l.Bot)).Distinct();
        var totals = report.Totals.Select(t => Line.From(t, Products(BotsOf(t)) > 1)).ToList();

        // A row that adds up products quoted in several currencies adds their figures as they are.
        string? Mixed(IEnumerable<(string Mode, string Bot)> bots)
        {
            var quotes = Symbol.QuotesOf(bots.SelectMany(b => held.GetValueOrDefault(b) ?? []));
            return quotes.Count > 1 ? $"adds products quoted in {string.Join(", ", quotes)} as they are, not converted" : null;
        }

        var warnings = new List<string>();
        if (report.GroupBy != PnlGrouping.Product)
        {
            warnings.AddRange(report.Lines.Select(l => (l.Mode, l.Bot)).Distinct().Select(b => Mixed([b]) is { } mixed ? $"{b.Bot}: each of its rows {mixed}" : null).OfType<string>());
        }

        warnings.AddRange(report.Totals.Select(t => Mixed(BotsOf(t)) is { } mixed ? $"TOTAL ({t.Mode}) {mixed}" : null).OfType<string>());
        return new(report.GroupBy, lines, totals, report.UnconvertedFees.Select(u => new Fee(u.Bot, u.Currency, u.Amount)).ToList(), warnings);
    }

    /// <summary>
    /// A row; the per-product figures are null when it spans products. The figures a price enters are null
    /// when the row adds up a product whose P&amp;L cannot be known, and <paramref name="PnlUnknown"/> says why.
    /// </summary>
    /// <param name="Dust">Quantity left by round trips that ended below the dust threshold: held, but no position.</param>
    /// <param name="PnlUnknown">Why P&amp;L is unknown (null when it is known): the reason, how many fills, in words.</param>
    public sealed record Line(
        string Bot, string Mode, string Product, decimal? RealizedPnl, decimal? UnrealizedPnl, bool Marked, decimal? Fees,
        decimal? PositionQty, decimal? AvgEntryPrice, decimal? CostBasis, int Trades, int? Wins, decimal? WinRate, decimal? Dust,
        UnknownPnl? PnlUnknown = null)
    {
        [System.Text.Json.Serialization.JsonIgnore]
        public bool SpansProducts => PositionQty is null;

        public static Line From(PnlLine l, bool spansProducts) => new(
            l.Bot, l.Mode, l.Product, l.KnownRealizedPnl, l.KnownUnrealizedPnl, l.Marked, l.KnownFees,
            spansProducts ? null : l.PositionQty,
            spansProducts ? null : l.KnownAvgEntryPrice,
            spansProducts ? null : l.KnownCostBasis,
            l.Trades, l.KnownWins, l.KnownWinRate,
            spansProducts ? null : l.Dust,
            l.Unknown);
    }

    public sealed record Fee(string Bot, string Currency, decimal Amount);
}
