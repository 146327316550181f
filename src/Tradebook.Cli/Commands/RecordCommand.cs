using System.CommandLine;
using Tradebook.Core;
using Tradebook.Records;
using Tradebook.Storage.Ledger;

namespace Tradebook.Cli.Commands;

/// <summary>
/// <c>tradebook record [FILE|-]</c>: records fills, orders, decisions, signals, snapshots, cash flows,
/// price bars, FX rates and settings. By default the whole input is one transaction;
/// <c>--batch-size N</c> commits every N records, for streams too long to hold in one.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "A JSON or JSON Lines file, or - for stdin.", DefaultValueFactory = _ => "-" };
        var kind = new Option<string>("--kind") { Description = $"Kind of objects without a \"kind\" field: {string.Join(", ", RecordKindText.All)}.", DefaultValueFactory = _ => "fill" };
        var batchSize = new Option<int>("--batch-size") { Description = "Commit every N records (default: all in one transaction).", DefaultValueFactory = _ => 0 };
        var command = new Command("record", "Record rows from a JSON or JSON Lines file or stdin; idempotent by natural key.") { file, kind, batchSize };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireCurrentSchema();
            var path = parse.GetValue(file)!;
            var defaultKind = RecordKindText.Parse(parse.GetValue(kind)!, "--kind");
            LedgerBatch batch;
            using (var input = path == "-" ? console.OpenInput() : OpenFile(path))
            {
                batch = RecordParser.Parse(input, path == "-" ? "stdin" : path, defaultKind);
            }

            var size = parse.GetValue(batchSize);
            var parts = Batches(batch, size).ToList();
            if (parts.Count > 1)
            {
                // Several transactions: what the ledger would find only in a later one is checked before the first commits.
                BatchPreflight.Check(context.Database, batch);
            }

            var summaries = RecordAll(context, parts);
            var totals = summaries.SelectMany(s => s.Kinds).GroupBy(k => k.Key)
                .ToDictionary(g => g.Key, g => new KindCount(g.Sum(x => x.Value.Inserted), g.Sum(x => x.Value.Existing), g.Sum(x => x.Value.Updated)));
            if (context.Json)
            {
                console.WriteJson(new { records = batch.Count, transactions = summaries.Count, kinds = totals });
            }
            else
            {
                foreach (var (name, count) in totals.OrderBy(k => k.Key, StringComparer.Ordinal))
                {
                    console.Out.WriteLine($"{name}: {count.Inserted} recorded, {count.Existing} already present{(count.Updated > 0 ? $", {count.Updated} updated" : string.Empty)}");
                }

                if (totals.Count == 0)
                {
                    console.Out.WriteLine("Nothing to record: the input was empty.");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    // Each part is its own transaction: when a later one fails, the earlier ones stay committed, and
    // the error must not repeat the single transaction's "nothing was written".
    private static List<RecordSummary> RecordAll(CliContext context, IEnumerable<LedgerBatch> parts)
    {
        var summaries = new List<RecordSummary>();
        var committed = 0;
        foreach (var part in parts)
        {
            try
            {
                summaries.Add(context.Ledger.Record(part));
                committed += part.Count;
            }
            catch (TradebookException e) when (committed > 0)
            {
                var failed = e.Message.Replace("; nothing was written", string.Empty, StringComparison.Ordinal).Replace(" (nothing was written)", string.Empty, StringComparison.Ordinal);
                var message = $"{failed} (only that transaction was rolled back: {committed} records from earlier --batch-size transactions stay committed; fix the input and record it again, records already present are skipped)";
                throw e.Remedy is { } remedy ? new TradebookException(e.Code, message, remedy, e) : new TradebookException(e.Code, message, e);
            }
        }

        return summaries;
    }

    private static FileStream OpenFile(string path) =>
        File.Exists(path) ? File.OpenRead(path)
        : Directory.Exists(path) ? throw new TradebookException(ErrorCode.NotFound, $"{Path.GetFullPath(path)} is a folder, not a file of records; name a file, or - for standard input")
        : throw new TradebookException(ErrorCode.NotFound, $"input file not found: {Path.GetFullPath(path)}");

    /// <summary>Splits a batch into transactions of at most <paramref name="size"/> records, keeping kinds in dependency order.</summary>
    private static IEnumerable<LedgerBatch> Batches(LedgerBatch batch, int size)
    {
        if (size <= 0 || batch.Count <= size)
        {
            yield return batch;
            yield break;
        }

        // Signals, decisions and orders go first and whole, since fills may reference them.
        yield return batch with { Fills = [], CashFlows = [], Snapshots = [], PriceBars = [], FxRates = [], Settings = [] };
        foreach (var chunk in batch.Fills.Chunk(size))
        {
            yield return new LedgerBatch { Fills = chunk };
        }

        yield return new LedgerBatch { CashFlows = batch.CashFlows, Snapshots = batch.Snapshots, PriceBars = batch.PriceBars, FxRates = batch.FxRates, Settings = batch.Settings };
    }
}
