namespace Tradebook.Import.Sources;

/// <summary>
/// Warnings about single rows, each kind named for its first <see cref="MaxListed"/> rows and then counted: a source
/// with the same fault on every row (an Order table trimmed away) held a line per row to the end of the read and
/// printed them all in its report.
/// </summary>
internal sealed class RowWarnings(List<string> warnings)
{
    public const int MaxListed = 100;

    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="warning"/>, one row's, unless <see cref="MaxListed"/> rows of <paramref name="kind"/> are named already.</summary>
    /// <param name="kind">The rows of this kind, as the closing count names them ("fills whose order is not in the Order table").</param>
    public void Add(string kind, string warning)
    {
        var seen = _seen.GetValueOrDefault(kind) + 1;
        _seen[kind] = seen;
        if (seen <= MaxListed)
        {
            warnings.Add(warning);
        }
    }

    /// <summary>Adds, for each kind with more rows than were named, how many more there were.</summary>
    public void Finish()
    {
        foreach (var (kind, seen) in _seen.Where(k => k.Value > MaxListed))
        {
            warnings.Add($"and {seen - MaxListed} more {kind}");
        }
    }
}
