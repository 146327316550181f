namespace Tradebook.Core.Text;

/// <summary>The known name nearest to a mistyped one, for errors that say "did you mean …?".</summary>
public static class NearestName
{
    /// <summary>The name of <paramref name="known"/> with the smallest edit distance to <paramref name="name"/>, ignoring case; the first on a tie.</summary>
    public static string Of(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        var lower = name.ToLowerInvariant();
        return known.MinBy(k => EditDistance(lower, k.ToLowerInvariant())) ?? throw new ArgumentException("no known names", nameof(known));
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions count one each.</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
