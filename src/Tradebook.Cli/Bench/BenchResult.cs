namespace Tradebook.Cli.Bench;

/// <summary>One figure of <c>tradebook bench</c>, beside its target; <see cref="Met"/> is null where there is none.</summary>
internal sealed record BenchResult(string Measure, string Result, string Target, bool? Met);
