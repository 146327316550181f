using Tradebook.Core.Domain;

namespace Tradebook.Import.Writing;

/// <summary>
/// Puts records in market order (time, then id) as a stable sort would, without sorting what is
/// already in order: most sources are, and a million records need not be copied to find that out.
/// </summary>
internal static class TimeOrder
{
    public static IReadOnlyList<T> Sort<T>(IReadOnlyList<T> records, Func<T, DateTimeOffset> time, Func<T, string> id)
    {
        if (IsSorted(records, time, id))
        {
            return records;
        }

        var keys = new Key[records.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = new Key(time(records[i]).UtcTicks, id(records[i]), i);
        }

        var items = records.ToArray();
        Array.Sort(keys, items);
        return items;
    }

    /// <summary>Compares two fills in market order: time, then id.</summary>
    public static int Compare(FillRecord a, FillRecord b)
    {
        var order = a.Timestamp.UtcTicks.CompareTo(b.Timestamp.UtcTicks);
        return order != 0 ? order : string.CompareOrdinal(a.Id, b.Id);
    }

    private static bool IsSorted<T>(IReadOnlyList<T> records, Func<T, DateTimeOffset> time, Func<T, string> id)
    {
        for (var i = 1; i < records.Count; i++)
        {
            var order = time(records[i - 1]).UtcTicks.CompareTo(time(records[i]).UtcTicks);
            if (order > 0 || (order == 0 && string.CompareOrdinal(id(records[i - 1]), id(records[i])) > 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The position breaks ties, so that the sort is stable.</summary>
    private readonly record struct Key(long Ticks, string Id, int Index) : IComparable<Key>
    {
        public int CompareTo(Key other)
        {
            var order = Ticks.CompareTo(other.Ticks);
            if (order == 0)
            {
                order = string.CompareOrdinal(Id, other.Id);
            }

            return order == 0 ? Index.CompareTo(other.Index) : order;
        }
    }
}
