using Tradebook.Storage.Health;

namespace Tradebook.Cli.Output;

/// <summary>Stored values that are not what a replay of the fills makes, as <c>rebuild</c> and <c>doctor</c> print them.</summary>
internal static class DerivedDifferencesText
{
    private const int Shown = 20;

    /// <summary>The first differences as "row column: stored → replayed", and how many more there are.</summary>
    public static IEnumerable<string> Render(IReadOnlyList<DerivedDifference> differences)
    {
        foreach (var d in differences.Take(Shown))
        {
            yield return d.Column == "(row)"
                ? $"  {d.Row}: {(d.Stored is null ? "missing, now derived" : "not derived from any fill, removed")}"
                : $"  {d.Row} {d.Column}: {d.Stored ?? "null"} → {d.Replayed ?? "null"}";
        }

        if (differences.Count > Shown)
        {
            yield return $"  … and {differences.Count - Shown} more (all in --json)";
        }
    }
}
