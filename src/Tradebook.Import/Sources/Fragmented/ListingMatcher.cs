using System.Globalization;

namespace Tradebook.Import.Sources.Fragmented;

/// <summary>
/// Tells which configured security a piece of text names, the way a person reads a file name: split into words
/// on any punctuation, case ignored, leading zeros of numbers ignored (<c>0005</c> is <c>5</c>). The words must
/// hold one of the security's identifiers whole (its symbol with or without its market suffix, its ISIN, any other
/// code its row holds), and every other word must be one of its qualifiers (exchange, market, country, currency,
/// the symbol's suffix) or a word that says nothing (prices, history, daily, a year). <c>nyse-ko-prices</c>,
/// <c>KO.US</c>, <c>us_ko</c> and <c>US1912161007</c> all name KO.US; <c>KO_EU</c> does not.
/// </summary>
internal sealed class ListingMatcher
{
    private static readonly HashSet<string> Noise = new(StringComparer.OrdinalIgnoreCase)
    {
        "price", "prices", "history", "hist", "historical", "daily", "day", "days", "d", "1d", "d1", "eod", "ohlc", "ohlcv",
        "quote", "quotes", "bars", "bar", "candles", "candle", "data", "db", "timeseries", "series", "table", "tbl", "close", "closes",
    };

    private readonly List<Listing> _listings;

    public ListingMatcher(IEnumerable<SecurityRow> securities)
    {
        _listings = securities.Select(Listing.Of).ToList();
    }

    /// <summary>What matching tries for a security, to tell the user when nothing matched.</summary>
    public static string Tried(SecurityRow security)
    {
        var listing = Listing.Of(security);
        var names = listing.Identifiers.Select(i => string.Join(" ", i.Words)).Distinct(StringComparer.OrdinalIgnoreCase);
        return $"{string.Join(", ", names)} (qualified by {string.Join(", ", listing.Qualifiers.Order(StringComparer.Ordinal))})";
    }

    /// <summary>The securities <paramref name="text"/> names, best match first; several when it is ambiguous.</summary>
    public IReadOnlyList<SecurityRow> Match(string text)
    {
        var words = Words(text);
        if (words.Count == 0 || words.All(Noise.Contains))
        {
            return [];
        }

        var scored = new List<(SecurityRow Security, int Score)>();
        foreach (var listing in _listings)
        {
            var best = 0;
            foreach (var identifier in listing.Identifiers)
            {
                var at = IndexOf(words, identifier.Words);
                if (at < 0)
                {
                    continue;
                }

                var rest = words.Take(at).Concat(words.Skip(at + identifier.Words.Count));
                if (rest.All(w => Noise.Contains(w) || IsYear(w) || listing.Qualifiers.Contains(w)))
                {
                    best = Math.Max(best, identifier.Words.Count);
                }
            }

            if (best > 0)
            {
                scored.Add((listing.Security, best));
            }
        }

        if (scored.Count == 0)
        {
            return [];
        }

        // The longest identifier found wins (KO.US over KO); equal ones leave the text ambiguous.
        var top = scored.Max(s => s.Score);
        return scored.Where(s => s.Score == top).Select(s => s.Security).ToList();
    }

    public static List<string> Words(string text) =>
        text.Split(Separators(text), StringSplitOptions.RemoveEmptyEntries).Select(Canonical).ToList();

    private static char[] Separators(string text) => text.Where(c => !char.IsLetterOrDigit(c)).Distinct().ToArray();

    /// <summary>Upper case; a number without its leading zeros, so that 0005 and 5 are one word.</summary>
    private static string Canonical(string word)
    {
        var upper = word.ToUpperInvariant();
        if (upper.All(char.IsAsciiDigit))
        {
            var trimmed = upper.TrimStart('0');
            return trimmed.Length == 0 ? "0" : trimmed;
        }

        return upper;
    }

    private static bool IsYear(string word) =>
        word.Length == 4 && int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1970 and <= 2100;

    private static int IndexOf(List<string> words, IReadOnlyList<string> part)
    {
        for (var i = 0; i + part.Count <= words.Count; i++)
        {
            var all = true;
            for (var j = 0; j < part.Count && all; j++)
            {
                all = string.Equals(words[i + j], part[j], StringComparison.Ordinal);
            }

            if (all)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed record Identifier(IReadOnlyList<string> Words);

    /// <summary>A security's identifiers and qualifiers as words.</summary>
    private sealed record Listing(SecurityRow Security, IReadOnlyList<Identifier> Identifiers, HashSet<string> Qualifiers)
    {
        public static Listing Of(SecurityRow security)
        {
            var identifiers = new List<Identifier>();
            var qualifiers = new HashSet<string>(StringComparer.Ordinal);
            void AddIdentifier(string value)
            {
                var words = Words(value);
                if (words.Count > 0 && !identifiers.Any(i => i.Words.SequenceEqual(words)))
                {
                    identifiers.Add(new Identifier(words));
                }
            }

            AddIdentifier(security.Symbol);

            // The symbol without its market suffix (KO of KO.US), the suffix then a qualifier.
            var symbolWords = Words(security.Symbol);
            var cut = security.Symbol.LastIndexOfAny(['.', ':', '_', ' ']);
            if (cut > 0 && cut < security.Symbol.Length - 1)
            {
                AddIdentifier(security.Symbol[..cut]);
                foreach (var word in Words(security.Symbol[(cut + 1)..]))
                {
                    qualifiers.Add(word);
                }
            }

            foreach (var (_, value) in security.Identifiers)
            {
                AddIdentifier(value);
            }

            foreach (var (_, value) in security.Qualifiers)
            {
                foreach (var word in Words(value))
                {
                    qualifiers.Add(word);
                }
            }

            qualifiers.Add(security.Currency.ToUpperInvariant());
            qualifiers.ExceptWith(symbolWords.Take(symbolWords.Count - 1));
            return new Listing(security, identifiers, qualifiers);
        }
    }
}
