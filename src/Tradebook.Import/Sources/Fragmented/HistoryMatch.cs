namespace Tradebook.Import.Sources.Fragmented;

/// <summary>
/// Matches price history files to securities the way a person would: by what the file holds (an identifier
/// column, a table named after the security, a key/value row with its ISIN), else by its name and then its
/// folder's name, against every identifier the securities table holds (see <see cref="ListingMatcher"/>). A file
/// that matches no security, or several, and a security that no file matches, are reported with what was tried.
/// </summary>
internal static class HistoryMatch
{
    public sealed record Outcome(int Files, long Rows, List<string> Empty, List<string> Orphans, List<string> SecuritiesWithout);

    public static Outcome Apply(ImportSet set, PortfolioData data, Func<string, string?, string> instrument)
    {
        var matcher = new ListingMatcher(data.Securities);
        var matched = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var empty = new List<string>();
        var orphans = new List<string>();
        foreach (var file in data.History)
        {
            var (security, how, problem) = Decide(file, matcher);
            var shown = security?.Symbol ?? Path.GetFileNameWithoutExtension(file.File);
            if (file.Rows == 0)
            {
                empty.Add(file.File);
                set.Warnings.Add($"{file.File}: price history of {shown} holds no rows.");
            }

            if (security is null)
            {
                orphans.Add(file.File);
                set.Warnings.Add($"{file.File}: {problem}; its {file.Rows} bars are not imported.");
                continue;
            }

            if (matched.TryGetValue(security.Symbol, out var earlier))
            {
                orphans.Add(file.File);
                set.Warnings.Add($"{file.File}: price history of {security.Symbol} ({how}), which {earlier} already gave; its {file.Rows} bars are not imported.");
                continue;
            }

            matched[security.Symbol] = file.File;
            set.PriceBars.AddRange(file.Bars.Select(b => b with { Symbol = instrument(security.Symbol, null) }));
        }

        var without = data.Securities.Where(s => !matched.ContainsKey(s.Symbol)).Select(s => s.Symbol).Order(StringComparer.Ordinal).ToList();
        foreach (var security in data.Securities.Where(s => !matched.ContainsKey(s.Symbol)).OrderBy(s => s.Symbol, StringComparer.Ordinal))
        {
            set.Warnings.Add(
                $"Security {security.Symbol} has no price history file: none of the {data.History.Count} history files names "
                + $"{ListingMatcher.Tried(security)} in its name, its folder's name or its content.");
        }

        set.Rejections.AddRange(data.Rejections);
        return new Outcome(data.History.Count, data.History.Sum(h => h.Rows), empty, orphans, without);
    }

    /// <summary>The file's security and how it was found, or why none was.</summary>
    private static (SecurityRow? Security, string How, string Problem) Decide(HistoryFile file, ListingMatcher matcher)
    {
        var byContent = file.Content
            .Select(c => (c.Where, c.Value, Found: matcher.Match(c.Value)))
            .Where(c => c.Found.Count > 0)
            .ToList();
        var contentSecurities = byContent.SelectMany(c => c.Found).Distinct().ToList();
        if (contentSecurities.Count == 1)
        {
            var first = byContent.First();
            return (contentSecurities[0], $"named by {first.Where} = {first.Value}", "");
        }

        var stem = Path.GetFileNameWithoutExtension(file.File);
        var folder = Path.GetFileName(Path.GetDirectoryName(file.File) ?? "");
        foreach (var text in new[] { stem, $"{folder} {stem}" })
        {
            var found = matcher.Match(text);
            if (found.Count == 1)
            {
                return (found[0], $"named by the file name {text}", "");
            }

            if (found.Count > 1)
            {
                return (null, "", $"the name {text} fits several securities ({string.Join(", ", found.Select(s => s.Symbol))}); "
                    + "add the security to the file's content or name it unambiguously");
            }
        }

        if (contentSecurities.Count > 1)
        {
            return (null, "", $"its content names several securities ({string.Join(", ", contentSecurities.Select(s => s.Symbol))})");
        }

        var words = ListingMatcher.Words(stem);
        var inside = file.Content.Count == 0 ? "nothing" : string.Join(", ", file.Content.Select(c => $"{c.Where} {c.Value}"));
        return (null, "", $"price history that matches no configured security: tried the name's words {string.Join(" ", words)} "
            + $"(and its folder {folder}) and the file's content ({inside}) against every security's symbol with and without its suffix, "
            + "its other codes (ISIN and the like) and its exchange, market, country and currency");
    }
}
