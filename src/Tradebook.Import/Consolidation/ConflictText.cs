namespace Tradebook.Import.Consolidation;

/// <summary>
/// How a conflict reads to a user: the row's kind and key, the copy whose values were kept and why, and each
/// differing field as the other copy's value → the value kept.
/// </summary>
public static class ConflictText
{
    /// <summary>Shown where a copy holds no value for a field.</summary>
    public const string NoValue = "(none)";

    /// <summary><c>fill 5b18…: kept trader.db over backend/trader.db (reason)</c>.</summary>
    public static string Heading(Conflict conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        var kept = conflict.Winner == conflict.Other
            ? $"the key appears twice in {conflict.Winner}"
            : $"kept {conflict.Winner} over {conflict.Other}";
        return $"{conflict.Kind} {conflict.Key}: {kept} ({conflict.Reason})";
    }

    /// <summary><c>price: 100 → 101</c>: the losing copy's value, then the value kept.</summary>
    public static string Change(FieldDifference difference)
    {
        ArgumentNullException.ThrowIfNull(difference);
        return $"{difference.Field}: {difference.OtherValue ?? NoValue} → {difference.WinnerValue ?? NoValue}";
    }

    /// <summary>Every change of <paramref name="conflict"/> on one line, separated by commas.</summary>
    public static string Changes(Conflict conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return string.Join(", ", conflict.Differences.Select(Change));
    }
}
