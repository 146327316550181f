namespace Tradebook.Core.Text;

/// <summary>The known name nearest to a mistyped one, for errors that say "did you mean …?".</summary>
public static class NearestName
{
    /// <summary>
    /// The name of <paramref name="known"/> with the smallest edit distance to <paramref name="name"/>, ignoring case
    /// (the first on a tie), among those near enough to be what was meant: at most half the letters apart, or
    /// misspelt at the start of a longer name (<c>databse_timeout</c> for <c>database</c>). Null when none is: "name"
    /// is four edits from "kind" and means something else, and a hint would mislead.
    /// </summary>
    public static string? Of(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        var lower = name.ToLowerInvariant();
        return known.Select(k => (Name: k, Lower: k.ToLowerInvariant()))
            .Select(k => (k.Name, k.Lower, Distance: EditDistance(lower, k.Lower)))
            .OrderBy(k => k.Distance)
            .FirstOrDefault(k => k.Distance <= Math.Max(2, name.Length / 2)
                || (lower.Length > k.Lower.Length && EditDistance(lower[..k.Lower.Length], k.Lower) <= Math.Max(1, k.Lower.Length / 4)))
            .Name;
    }

    /// <summary>The "; did you mean …?" of an error message, or nothing when no name was near.</summary>
    public static string Hint(string? nearest) => nearest is null ? string.Empty : $"; did you mean \"{nearest}\"?";

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
