namespace Tradebook.Import.Reconciliation;

/// <summary>
/// Adds up the reconciliation one trade at a time: exact totals per bot and over all bots, and the rows of the
/// first <see cref="ReconciliationReport.MaxListed"/> trades of each bot that differ and as many that agree, with
/// a count of the rest. A source of any size is reconciled in the memory of its bots.
/// </summary>
internal sealed class ReconciliationTally
{
    private readonly Dictionary<string, Total> _bots = new(StringComparer.Ordinal);
    private readonly Total _all = new("*");
    private readonly List<TradeReconciliation> _listed = [];
    private int _notListed;

    public void Add(TradeReconciliation row)
    {
        if (!_bots.TryGetValue(row.Bot, out var bot))
        {
            bot = new Total(row.Bot);
            _bots[row.Bot] = bot;
        }

        var differs = row.Reason is not DifferenceReason.None and not DifferenceReason.Rounding;
        if ((differs ? bot.DifferingListed : bot.AgreeingListed) < ReconciliationReport.MaxListed)
        {
            _listed.Add(row);
            _ = differs ? bot.DifferingListed++ : bot.AgreeingListed++;
        }
        else
        {
            _notListed++;
        }

        bot.Add(row, differs);
        _all.Add(row, differs);
    }

    public ReconciliationReport Report() =>
        new([.. _listed], [.. _bots.Values.Select(b => b.ToRecord()), _all.ToRecord()]) { TradesNotListed = _notListed };

    /// <summary>Sums in the order the trades came, so that they are the sums of a list of every trade, to the last digit.</summary>
    private sealed class Total(string bot)
    {
        private readonly Dictionary<DifferenceReason, int> _byReason = [];
        private readonly Dictionary<string, decimal> _unconverted = new(StringComparer.Ordinal);
        private int _trades;
        private decimal _stored;
        private decimal _computed;
        private decimal _difference;
        private int _differing;
        private decimal _unexplained;

        public int DifferingListed { get; set; }

        public int AgreeingListed { get; set; }

        public void Add(TradeReconciliation row, bool differs)
        {
            _trades++;
            if (row.Stored is { } stored)
            {
                _stored += stored;
                _computed += row.Computed;
                _difference += row.Difference!.Value;
            }

            _differing += differs ? 1 : 0;
            if (row.Reason == DifferenceReason.Unknown)
            {
                _unexplained += row.Difference ?? 0;
            }

            _byReason[row.Reason] = _byReason.GetValueOrDefault(row.Reason) + 1;
            foreach (var (currency, amount) in row.UnconvertedFees)
            {
                _unconverted[currency] = _unconverted.GetValueOrDefault(currency) + amount;
            }
        }

        public ReconciliationTotal ToRecord() =>
            new(bot, _trades, _stored, _computed, _difference, _differing, _unexplained, new Dictionary<DifferenceReason, int>(_byReason), new Dictionary<string, decimal>(_unconverted, StringComparer.Ordinal));
    }
}
