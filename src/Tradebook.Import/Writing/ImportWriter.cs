using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tradebook.Core.Domain;
using Tradebook.Import.Checks;
using Tradebook.Import.Reconciliation;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Changes;
using Tradebook.Storage.Imports;
using Tradebook.Storage.Ledger;

namespace Tradebook.Import.Writing;

/// <summary>
/// Writes an <see cref="ImportSet"/> into the store: one transaction per source holding its
/// <c>import_batches</c> row, its bots and every record, so a source is imported whole or not at all.
/// </summary>
/// <param name="onPhase">Told how long each phase of a write took (streamed, bots, sort, ledger, report, commit, index, verify, checkpoint), for benchmarks.</param>
public sealed class ImportWriter(TradebookDatabase database, TimeProvider clock, Action<string, TimeSpan>? onPhase = null)
{
    public static readonly JsonSerializerOptions ReportJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>How many fills a streaming read hands to the ledger at a time.</summary>
    public int StreamChunkSize { get; init; } = FillStream.DefaultChunkSize;

    /// <summary>What importing <paramref name="set"/> would do, without touching the store.</summary>
    public static ImportReport Preview(ImportSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Previewed(set, null);
    }

    /// <summary>
    /// What importing one streamed source would do, without touching the store: <paramref name="read"/> hands its fills
    /// to a stream nothing writes, so the preview holds no list of them (see <see cref="DrainedStream"/>).
    /// </summary>
    public static ImportReport Preview(Func<FillStream, ImportSet> read, int chunkSize = FillStream.DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(read);
        return DrainedStream.Read(chunkSize, read, Previewed);
    }

    /// <summary>Writes <paramref name="set"/> as one batch; <paramref name="fillsWritten"/> is told how many fills are written so far.</summary>
    public ImportReport Write(ImportSet set, Action<int>? fillsWritten = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        return Write(set.Source.Path, set.Source.Format, [], () => set, Task.Run(() => SourceFills.Of(set)), Task.Run(() => SourceFindings.Of(set, null)), fillsWritten);
    }

    /// <summary>
    /// Reads and writes one source at once: <paramref name="read"/> runs on another thread and hands its
    /// fills to the given stream as it reads them, and the ledger records them as they come, in the same
    /// single transaction. Everything else (the rest of the fills when they come out of order, orders,
    /// the report, the verification) waits for the end of the read, so the store ends as <see cref="Write(ImportSet, Action{int}?)"/>
    /// would leave it. A failure on either side rolls the whole source back.
    /// </summary>
    /// <remarks>
    /// The fills streamed are not kept in memory: the report counts them, the source checks tally them per
    /// product, and the verification reads them back from the stream's <see cref="FillSpill"/>. Memory follows
    /// the products and the runs in flight, not the rows, while the source's fills continue each product in
    /// market order and name no order (see <see cref="FillStream"/>).
    /// </remarks>
    public ImportReport Write(string path, string format, Func<FillStream, ImportSet> read, Action<int>? fillsWritten = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        return StreamedRead.Run(StreamChunkSize, read, (stream, reading) =>
        {
            // The source side of the verification is built as soon as the read is done, while the ledger catches up.
            var sourceFills = reading.ContinueWith(_ => SourceFills.Of(stream.Spill), TaskScheduler.Default);
            var findings = reading.ContinueWith(done => SourceFindings.Of(done.Result, stream), TaskScheduler.Default);
            return Write(path, format, stream.Chunks(), () => reading.GetAwaiter().GetResult(), sourceFills, findings, fillsWritten);
        });
    }

    private ImportReport Write(string path, string format, IEnumerable<FillChunk> chunks, Func<ImportSet> readSet, Task<SourceFills> sourceFills, Task<SourceFindings> findings, Action<int>? fillsWritten)
    {
        var phase = Stopwatch.GetTimestamp();
        void Phase(string name)
        {
            onPhase?.Invoke(name, Stopwatch.GetElapsedTime(phase));
            phase = Stopwatch.GetTimestamp();
        }

        var (report, checkpoint) = database.InLargeTransaction((connection, transaction) =>
        {
            var batchId = ImportBatchLog.Start(connection, transaction, database, path, format, clock.GetUtcNow());
            using var ledger = new LedgerWriter(database, clock).Open(connection, transaction, batchId, fillsWritten);
            var recorder = new StreamedFillRecorder(database, clock, connection, transaction, ledger);
            foreach (var chunk in chunks)
            {
                recorder.Take(chunk);
            }

            Phase("streamed");
            var set = readSet();
            if (recorder.Recorded != set.Streamed.Count)
            {
                throw new InvalidOperationException($"{set.Streamed.Count} fills were streamed while reading, but {recorder.Recorded} recorded");
            }

            foreach (var spec in set.Bots)
            {
                recorder.AddBot(spec);
            }

            Phase("bots");
            var batch = ImportBatchConverter.ToBatch(set);
            Phase("sort");
            ledger.Record(batch);
            var summary = ledger.Summary;
            Phase("ledger");
            var counts = RowsPerBot.Of(set);
            var bots = set.Bots.Select(spec => Bot(counts, spec, recorder.BotsAdded[spec.Name])).ToList();
            var kinds = ImportBatchConverter.ReadCounts(set).ToDictionary(
                k => k.Key,
                k => new KindOutcome(k.Value, summary[k.Key].Inserted, summary[k.Key].Existing),
                StringComparer.Ordinal);
            var result = Report(set, batchId, false, bots, kinds, findings.GetAwaiter().GetResult());
            ImportBatchLog.Finish(connection, transaction, database, batchId, clock.GetUtcNow(), JsonSerializer.Serialize(result, ReportJson));
            ChangeLog.Append(connection, transaction, database, set.Bots.Count == 0 ? [new Change(ChangeKind.Import, null, 1)] : set.Bots.Select(b => new Change(ChangeKind.Import, b.Name, 1)), clock.GetUtcNow());
            Phase("report");
            return result;
        });

        Phase("commit");

        // Checked after commit, on what a reader of the store now sees.
        var source = sourceFills.Result;
        Phase("index");
        var verification = new ImportVerifier(database).Verify(report.BatchId!.Value, source);
        report = report with { Verification = verification };
        ImportBatchLog.StoreReport(database, report.BatchId.Value, JsonSerializer.Serialize(report, ReportJson));
        Phase("verify");
        checkpoint.Wait();
        Phase("checkpoint");
        return report;
    }

    /// <summary>Removes what batch <paramref name="batchId"/> wrote and rebuilds the positions and rollups it touched.</summary>
    public RollbackReport Rollback(long batchId) => new ImportRollback(database, clock).Run(batchId);

    private static ImportReport Previewed(ImportSet set, FillStream? stream)
    {
        var kinds = ImportBatchConverter.ReadCounts(set).ToDictionary(k => k.Key, k => new KindOutcome(k.Value, 0, 0), StringComparer.Ordinal);
        var counts = RowsPerBot.Of(set);
        return Report(set, null, true, set.Bots.Select(b => Bot(counts, b, created: false)).ToList(), kinds, SourceFindings.Of(set, stream));
    }

    private static BotOutcome Bot(RowsPerBot counts, BotSpec spec, bool created) => new(
        spec.Name,
        spec.Mode.ToText(),
        created,
        counts.Fills.GetValueOrDefault(spec.Name),
        counts.Orders.GetValueOrDefault(spec.Name));

    private static ImportReport Report(ImportSet set, long? batchId, bool dryRun, IReadOnlyList<BotOutcome> bots, IReadOnlyDictionary<string, KindOutcome> kinds, SourceFindings findings) => new(
        batchId,
        set.Source.Path,
        set.Source.Format,
        set.Source.Generation,
        dryRun,
        bots,
        kinds,
        set.Rejections.ToList(),
        set.Duplicates.ToList(),
        set.TestRows.ToList(),
        set.Warnings.ToList())
    {
        Reconciliation = findings.Reconciliation,
        Problems = findings.Problems,
        MissingTables = set.MissingTables.ToList(),
    };

    /// <summary>
    /// What the report says about the source's own figures and rows; made from the read alone, so it is worked out
    /// beside the write rather than inside its transaction.
    /// </summary>
    private sealed record SourceFindings(ReconciliationReport? Reconciliation, IReadOnlyList<SourceProblem> Problems)
    {
        public static SourceFindings Of(ImportSet set, FillStream? stream) =>
            new(
                stream?.Trades is { } trades ? Reconciler.Reconcile(set, stream.Spill, trades, stream.TradeChecks)
                : set.ReportedTrades.Count == 0 ? null : Reconciler.Reconcile(set),
                SourceChecks.Run(set, stream?.Checks, stream?.Spill, stream?.TradeChecks));
    }
}
