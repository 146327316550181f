namespace Tradebook.Import.Sources.Fragmented;

/// <summary>
/// Matches price history files to securities. A symbol column inside the file decides; when the file
/// holds none (the usual one-table-per-security layout), the symbol is derived from the file's name
/// the way the app wrote it, <c>BASE_SUFFIX</c> for <c>BASE.SUFFIX</c>, and accepted only when a
/// configured security has it.
/// </summary>
internal static class HistoryMatch
{
    public sealed record Outcome(int Files, long Rows, List<string> Empty, List<string> Orphans, List<string> SecuritiesWithout);

    public static Outcome Apply(ImportSet set, PortfolioData data, Func<string, string?, string> instrument)
    {
        var securities = data.Securities.Select(s => s.Symbol).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var matched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var empty = new List<string>();
        var orphans = new List<string>();
        foreach (var file in data.History)
        {
            var symbol = file.SymbolInContent ?? Candidates(file.File).FirstOrDefault(securities.Contains) ?? Candidates(file.File).First();
            if (file.Rows == 0)
            {
                empty.Add(file.File);
                set.Warnings.Add($"{file.File}: price history of {symbol} holds no rows.");
            }

            if (!securities.Contains(symbol))
            {
                orphans.Add(file.File);
                set.Warnings.Add($"{file.File}: price history of {symbol}, which is not a configured security; its {file.Rows} bars are not imported.");
                continue;
            }

            var canonical = data.Securities.First(s => s.Symbol.Equals(symbol, StringComparison.OrdinalIgnoreCase)).Symbol;
            matched.Add(canonical);
            set.PriceBars.AddRange(file.Bars.Select(b => b with { Symbol = instrument(canonical, null) }));
        }

        var without = data.Securities.Select(s => s.Symbol).Where(s => !matched.Contains(s)).Order(StringComparer.Ordinal).ToList();
        foreach (var symbol in without)
        {
            set.Warnings.Add($"Security {symbol} has no price history file.");
        }

        set.Rejections.AddRange(data.Rejections);
        return new Outcome(data.History.Count, data.History.Sum(h => h.Rows), empty, orphans, without);
    }

    /// <summary>Symbols a file name may stand for: <c>AAPL_US</c> gives <c>AAPL.US</c>, then the name itself.</summary>
    private static IEnumerable<string> Candidates(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        var underscore = stem.LastIndexOf('_');
        if (underscore > 0)
        {
            yield return string.Concat(stem.AsSpan(0, underscore), ".", stem.AsSpan(underscore + 1));
        }

        yield return stem;
    }
}
