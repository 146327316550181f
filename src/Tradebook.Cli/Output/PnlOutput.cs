using System.Text.Json.Serialization;
using Tradebook.Core.Accounting;
using Tradebook.Storage.Ledger;

namespace Tradebook.Cli.Output;

/// <summary>
/// The P&amp;L report as <c>tradebook pnl</c> shows it. A row that adds up several products (a bot's row, a day's
/// row, a TOTAL) shows only what adds up across products: P&amp;L, fees, trades and wins. A position, an average
/// entry price and a cost basis belong to one product: 0.045 BTC and 1.01 ETH are not a position of 1.055, so
/// such a row leaves them empty (null in JSON). Rows of one product keep the shape of the server's document.
/// </summary>
internal sealed record PnlOutput(PnlGrouping GroupBy, IReadOnlyList<PnlOutput.Line> Lines, IReadOnlyList<PnlOutput.Line> Totals, IReadOnlyList<PnlDocument.Fee> UnconvertedFees)
{
    /// <param name="products">The products of each (mode, bot), from the report grouped by product.</param>
    public static PnlOutput From(PnlReport report, IReadOnlyList<PnlLine> products)
    {
        var byBot = products.GroupBy(l => (l.Mode, l.Bot)).ToDictionary(g => g.Key, g => g.Select(l => l.Product).ToHashSet(StringComparer.Ordinal));
        HashSet<string> Of(IEnumerable<(string Mode, string Bot)> bots) =>
            bots.SelectMany(b => byBot.GetValueOrDefault(b) ?? []).ToHashSet(StringComparer.Ordinal);

        var lines = report.Lines.Select(l => Line.From(l, report.GroupBy != PnlGrouping.Product && Of([(l.Mode, l.Bot)]).Count > 1)).ToList();

        // A total adds up its mode's lines (every mode's, when asked for all).
        var totals = report.Totals.Select(t =>
        {
            var bots = report.Lines.Where(l => t.Mode == "all" || l.Mode == t.Mode).Select(l => (l.Mode, l.Bot)).Distinct();
            return Line.From(t, Of(bots).Count > 1);
        }).ToList();
        return new PnlOutput(report.GroupBy, lines, totals, report.UnconvertedFees.Select(u => new PnlDocument.Fee(u.Bot, u.Currency, u.Amount)).ToList());
    }

    /// <summary>A row; <see cref="PositionQty"/>, <see cref="AvgEntryPrice"/> and <see cref="CostBasis"/> are null when it spans products.</summary>
    public sealed record Line(
        string Bot, string Mode, string Product, decimal RealizedPnl, decimal UnrealizedPnl, bool Marked, decimal Fees,
        decimal? PositionQty, decimal? AvgEntryPrice, decimal? CostBasis, int Trades, int Wins, decimal WinRate)
    {
        [JsonIgnore]
        public bool SpansProducts => PositionQty is null;

        public static Line From(PnlLine l, bool spansProducts) => new(
            l.Bot, l.Mode, l.Product, l.RealizedPnl, l.UnrealizedPnl, l.Marked, l.Fees,
            spansProducts ? null : l.PositionQty,
            spansProducts ? null : l.AvgEntryPrice,
            spansProducts ? null : l.CostBasis,
            l.Trades, l.Wins, l.WinRate);
    }
}
