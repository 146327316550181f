namespace Tradebook.Storage.Ledger;

/// <summary>
/// Fills and cash flows are applied in time order, whatever order they are listed in: P&amp;L depends on
/// when trades happened. At equal times a fill comes before a cash flow.
/// </summary>
internal static class TimeOrder
{
    /// <summary>A stable sort by time, skipped when the records are in time order already, as importers and most bots give them.</summary>
    public static IReadOnlyList<T> SortedByTime<T>(IReadOnlyList<T> records, Func<T, DateTimeOffset> time)
    {
        for (var i = 1; i < records.Count; i++)
        {
            if (time(records[i - 1]) > time(records[i]))
            {
                return records.OrderBy(time).ToList();
            }
        }

        return records;
    }

    /// <summary>Merges two lists, each already in time order; at equal times the first list's item comes first.</summary>
    public static IEnumerable<(TFirst? First, TSecond? Second)> Merge<TFirst, TSecond>(
        IReadOnlyList<TFirst> first, Func<TFirst, DateTimeOffset> firstTime, IReadOnlyList<TSecond> second, Func<TSecond, DateTimeOffset> secondTime)
        where TFirst : class
        where TSecond : class
    {
        int i = 0, j = 0;
        while (i < first.Count || j < second.Count)
        {
            if (j == second.Count || (i < first.Count && firstTime(first[i]) <= secondTime(second[j])))
            {
                yield return (first[i++], null);
            }
            else
            {
                yield return (null, second[j++]);
            }
        }
    }
}
