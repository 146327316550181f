using System.Collections;
using System.Globalization;
using System.Reflection;

namespace Tradebook.Import.Consolidation;

/// <summary>
/// Field-by-field differences of two records of any kind, for the record kinds other than fills.
/// Provenance is where a row came from, not what it says, and is left out; lists compare by content.
/// </summary>
internal static class RecordDiff
{
    public static IReadOnlyList<FieldDifference> Differences<T>(T winner, T other)
        where T : notnull
    {
        var differences = new List<FieldDifference>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name == "Provenance" || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var a = property.GetValue(winner);
            var b = property.GetValue(other);
            if (!Same(a, b))
            {
                differences.Add(new FieldDifference(property.Name, Text(a), Text(b)));
            }
        }

        return differences;
    }

    private static bool Same(object? a, object? b) =>
        a is IEnumerable x && b is IEnumerable y && a is not string
            ? x.Cast<object?>().SequenceEqual(y.Cast<object?>())
            : Equals(a, b);

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Text)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
