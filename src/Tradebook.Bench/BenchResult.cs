namespace Tradebook.Bench;

/// <summary>
/// One figure of <c>tradebook bench</c>. <see cref="Result"/> and <see cref="Target"/> are the text of the
/// human table; the other members carry the same figures as numbers for <c>--json</c>.
/// </summary>
/// <param name="Measure">What was measured.</param>
/// <param name="Result">The figure as the table prints it.</param>
/// <param name="Target">The target as the table prints it, "-" where there is none.</param>
internal sealed record BenchResult(string Measure, string Result, string Target)
{
    /// <summary>The headline figure, in <see cref="Unit"/>: a rate, or for timings the percentile the target is on.</summary>
    public double? Value { get; init; }

    /// <summary>rows/s, fills/s, ms, s or MiB.</summary>
    public string? Unit { get; init; }

    /// <summary>For timings repeated <see cref="Samples"/> times: the median, in milliseconds.</summary>
    public double? P50Ms { get; init; }

    /// <summary>For timings: the 99th percentile, in milliseconds.</summary>
    public double? P99Ms { get; init; }

    /// <summary>For timings: the slowest, in milliseconds.</summary>
    public double? MaxMs { get; init; }

    /// <summary>For timings: how many were taken.</summary>
    public int? Samples { get; init; }

    /// <summary>The figure this one is compared with, measured in the same run.</summary>
    public BenchBaseline? Baseline { get; init; }

    /// <summary><see cref="Value"/> divided by the baseline's value.</summary>
    public double? Ratio => Value is { } value && Baseline is { Value: > 0 } baseline ? value / baseline.Value : null;

    /// <summary>What the figure must satisfy; each condition with whether it is met.</summary>
    public IReadOnlyList<BenchCondition> Conditions { get; init; } = [];

    /// <summary>True when every condition is met, null where the figure has no target.</summary>
    public bool? Met => Conditions.Count == 0 ? null : Conditions.All(c => c.Met);

    /// <summary>Further figures of the measure by name, each name ending in its unit (<c>_s</c>, <c>_mib</c>).</summary>
    public IReadOnlyDictionary<string, double> Details { get; init; } = new Dictionary<string, double>();

    /// <summary>A rate, compared with <paramref name="baseline"/> when given.</summary>
    public static BenchResult Rate(string measure, string result, double value, string unit, BenchBaseline? baseline = null) =>
        new(measure, result, "-") { Value = value, Unit = unit, Baseline = baseline };

    /// <summary>Repeated timings; <paramref name="headline"/> picks the percentile that is the value.</summary>
    public static BenchResult Timing(string measure, Latency latency, Func<Latency, double> headline, BenchBaseline? baseline = null) =>
        new(measure, $"p50 {latency.P50:0.000} ms, p99 {latency.P99:0.000} ms", "-")
        {
            Value = headline(latency),
            Unit = "ms",
            P50Ms = latency.P50,
            P99Ms = latency.P99,
            MaxMs = latency.Max,
            Samples = latency.Count,
            Baseline = baseline,
        };

    /// <summary>This figure as the baseline of another, named by its measure.</summary>
    public BenchBaseline AsBaseline() =>
        new(Measure, Value ?? throw new InvalidOperationException($"{Measure} has no value"), Unit ?? "");

    /// <summary>The same figure with a target: its text for the table and the conditions it stands for.</summary>
    public BenchResult WithTarget(string text, params BenchCondition[] conditions) => this with { Target = text, Conditions = conditions };

    /// <summary>A condition on one of this figure's numbers: <paramref name="of"/> is value, ratio, p50_ms or p99_ms.</summary>
    public BenchCondition AtLeast(string of, double limit) => new(of, "at_least", limit, Number(of) >= limit);

    /// <inheritdoc cref="AtLeast"/>
    public BenchCondition AtMost(string of, double limit) => new(of, "at_most", limit, Number(of) <= limit);

    private double Number(string of) => (of switch
    {
        "value" => Value,
        "ratio" => Ratio,
        "p50_ms" => P50Ms,
        "p99_ms" => P99Ms,
        _ => throw new ArgumentOutOfRangeException(nameof(of), of, "not a number of a bench result"),
    }) ?? throw new InvalidOperationException($"{Measure} has no {of}");
}

/// <summary>The figure a measure is compared with: its measure, value and unit.</summary>
internal sealed record BenchBaseline(string Measure, double Value, string Unit);

/// <summary>One condition of a target: <see cref="Of"/> (value, ratio, p50_ms, p99_ms) is <see cref="Comparison"/> (at_least, at_most) <see cref="Limit"/>.</summary>
internal sealed record BenchCondition(string Of, string Comparison, double Limit, bool Met);
