using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Import;
using Tradebook.Import.Checks;
using Tradebook.Import.Consolidation;
using Tradebook.Import.Planning;
using Tradebook.Import.Reconciliation;
using Tradebook.Import.Writing;

namespace Tradebook.Cli.Output;

/// <summary>The human form of an import's report: what was read and written, what is wrong with the source, and how its P&amp;L compares.</summary>
internal static class ImportReportText
{
    /// <summary>Lines shown per section; the rest is in <c>--json</c>.</summary>
    private const int Shown = 20;

    private const int ConflictsShown = 50;

    /// <summary>For each project folder: every file and what the import does with it.</summary>
    public static void Plan(CliConsole console, ImportPlan plan)
    {
        foreach (var folder in plan.Folders)
        {
            var sources = folder.Files.Count(f => f.Action is FileAction.Import or FileAction.Consolidate);
            console.Out.WriteLine($"{folder.Folder}: a project folder; {sources} of its {folder.Files.Count} files are databases or CSV files of trades Tradebook reads, found by content:");
            var width = Math.Min(60, folder.Files.Max(f => f.RelativePath.Length));
            foreach (var file in folder.Files)
            {
                var action = file.Action switch
                {
                    FileAction.Import => "import",
                    FileAction.Consolidate => "consolidate",
                    FileAction.Companion => "companion",
                    _ => "skip",
                };
                console.Out.WriteLine($"  {file.RelativePath.PadRight(width)}  {action,-11}  {file.Note}");
            }
        }
    }

    public static void Consolidations(CliConsole console, IReadOnlyList<ConsolidationReport> consolidations)
    {
        foreach (var report in consolidations)
        {
            var names = string.Join(", ", report.Sources.Select(s => s.Name));
            console.Out.WriteLine(report.Conflicts.Count == 0
                ? $"Consolidated {names}: no conflicting rows"
                : $"Consolidated {names}: {report.Conflicts.Count} conflicting rows (each field: the other copy's value → the value kept)");
            foreach (var conflict in report.Conflicts.Take(ConflictsShown))
            {
                console.Out.WriteLine($"  {ConflictText.Heading(conflict)}");
                foreach (var difference in conflict.Differences)
                {
                    console.Out.WriteLine($"      {ConflictText.Change(difference)}");
                }
            }

            More(console, "  ", report.Conflicts.Count, ConflictsShown);
        }
    }

    public static void Report(CliConsole console, ImportReport report, string verb)
    {
        console.Out.WriteLine($"{report.Source} ({report.Format}{(report.Generation is null ? string.Empty : $", {report.Generation}")}) {verb}:");
        foreach (var bot in report.Bots)
        {
            console.Out.WriteLine($"  bot {bot.Name} ({bot.Mode}){(bot.Created ? " new" : string.Empty)}: {bot.Fills} fills, {bot.Orders} orders");
        }

        foreach (var (kind, count) in report.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            console.Out.WriteLine(report.DryRun
                ? $"  {kind}: {count.Read} read"
                : $"  {kind}: {count.Read} read, {count.Inserted} inserted, {count.Existing} already present");
        }

        Missing(console, report);
        Problems(console, report);
        Section(console, "rejected", report.Rejections.Select(r => $"{r.SourceRef}: {r.Reason}").ToList());
        Section(console, "duplicates", report.Duplicates);
        Section(console, "test rows", report.TestRows);
        Section(console, "warnings", report.Warnings);
        Reconciliation(console, report.Reconciliation);
    }

    public static void Verification(CliConsole console, string source, ImportVerification verification)
    {
        console.Out.WriteLine(verification.Ok
            ? $"  verified: {verification.Lines.Sum(l => l.SourceFills)} fills of {source} are in the database ({verification.Lines.Sum(l => l.Inserted)} new, {verification.Lines.Sum(l => l.Existing)} already there)"
            : $"  VERIFICATION FAILED for {source}:");
        foreach (var problem in verification.Problems)
        {
            console.Out.WriteLine($"    {problem}");
        }
    }

    /// <summary>Tables the source must have and lacks come first: they decide how much of the bot's history arrived at all.</summary>
    private static void Missing(CliConsole console, ImportReport report)
    {
        if (report.Complete)
        {
            return;
        }

        console.Out.WriteLine($"  INCOMPLETE SOURCE: {report.MissingTables.Count} {(report.MissingTables.Count == 1 ? "table" : "tables")} it must have {(report.MissingTables.Count == 1 ? "is" : "are")} missing; "
            + $"only what its other tables hold {(report.DryRun ? "would be" : "was")} imported");
        foreach (var missing in report.MissingTables)
        {
            console.Out.WriteLine($"    {missing.Table}: missing, though {missing.Reason}");
            console.Out.WriteLine($"      lost: {missing.Loss}");
        }

        if (report.BatchId is { } batch)
        {
            // Rows made in a missing table's place have other keys than its own rows: both at once would count twice.
            console.Out.WriteLine($"    before importing a copy that has {(report.MissingTables.Count == 1 ? "this table" : "these tables")}, undo this batch: tradebook import --rollback {batch}");
        }
    }

    /// <summary>Rows that cannot be right come first among the findings, with the products whose P&amp;L they make unreliable.</summary>
    private static void Problems(CliConsole console, ImportReport report)
    {
        if (report.PnlReliable)
        {
            return;
        }

        console.Out.WriteLine($"  PROBLEMS in the source: {report.Problems.Sum(p => p.Rows)} rows that cannot all be right; "
            + $"P&L NOT RELIABLE for {string.Join(", ", report.UnreliableProducts)}");
        foreach (var problem in report.Problems.Take(Shown))
        {
            console.Out.WriteLine($"    {KindText(problem.Kind)}, {problem.Bot} {problem.Symbol}, {problem.Rows} rows: {problem.Detail}");
            var listed = problem.References.Take(10).ToList();
            console.Out.WriteLine($"      at {string.Join(", ", listed)}{(problem.Rows > listed.Count ? $" … ({problem.Rows} rows, see --json)" : string.Empty)}");
        }

        More(console, "    ", report.Problems.Count, Shown);
    }

    private static string KindText(SourceProblemKind kind) => kind switch
    {
        SourceProblemKind.ExitsBeyondEntries => "exits beyond entries",
        SourceProblemKind.SoldMoreThanHeld => "sold more than held",
        SourceProblemKind.ZeroPrice => "zero price",
        SourceProblemKind.ZeroQuantity => "zero quantity",
        SourceProblemKind.ImplausibleQuantity => "implausible quantity",
        SourceProblemKind.ImplausibleTime => "implausible time",
        _ => kind.ToString(),
    };

    /// <summary>Per bot (and over all bots when there are several): the totals, then each trade that differs with its reason.</summary>
    private static void Reconciliation(CliConsole console, ReconciliationReport? report)
    {
        if (report is null)
        {
            return;
        }

        console.Out.WriteLine("  reconciliation with the P&L the source stored (computed by Tradebook from the imported fills):");
        var totals = report.Totals.Where(t => t.Bot != "*").ToList();
        foreach (var total in totals)
        {
            console.Out.WriteLine($"    {Total(total)}");
            var differing = report.Trades.Where(t => t.Bot == total.Bot && t.Reason is not (DifferenceReason.None or DifferenceReason.Rounding)).ToList();
            foreach (var trade in differing.Take(Shown))
            {
                console.Out.WriteLine(Invariant(
                    $"      {trade.SourceRef} {trade.Symbol} {(trade.IsOpen ? PositionStatus.Open : PositionStatus.Closed).ToText()}: stored {Number(trade.Stored)}, computed {Number(trade.Computed)}, difference {Number(trade.Difference)}: {trade.Explanation}"));
            }

            // The report lists the first trades that differ; the total counts them all.
            More(console, "      ", total.Differing, Shown);
        }

        if (totals.Count > 1)
        {
            console.Out.WriteLine($"    {Total(report.Overall)}");
        }
    }

    private static string Total(ReconciliationTotal total)
    {
        var agree = total.Trades - total.Differing;
        return Invariant($"{(total.Bot == "*" ? "all bots" : total.Bot)}: {total.Trades} trades, stored {Number(total.Stored)}, computed {Number(total.Computed)}, difference {Number(total.Difference)}; ")
            + Invariant($"{agree} agree (exactly or within the source's rounding), {total.Differing} differ, unexplained {Number(total.Unexplained)}");
    }

    private static string Number(decimal? value) => value is { } v ? DecimalText.Plain(v) : "none";

    private static void Section(CliConsole console, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        console.Out.WriteLine($"  {title}: {lines.Count}");
        foreach (var line in lines.Take(Shown))
        {
            console.Out.WriteLine($"    {line}");
        }

        More(console, "    ", lines.Count, Shown);
    }

    private static void More(CliConsole console, string indent, int count, int shown)
    {
        if (count > shown)
        {
            console.Out.WriteLine($"{indent}… and {count - shown} more (see --json)");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
