using Tradebook.Core;
using Tradebook.Import.Planning;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Writing;
using Tradebook.Storage.Backups;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Imports;

namespace Tradebook.Import.Workflow;

/// <summary>
/// An import from start to end, for any host (the CLI's <c>tradebook import</c>, the server): detect each source's
/// format, read it (streamed when one source's reader can), consolidate copies of one database, add the orders its
/// fills imply, then, as asked, preview it, verify the database against it, or back up, write each source as one
/// batch and verify it after commit. Bad input (an unreadable source, a wrong mapping) is a
/// <see cref="TradebookException"/>; how it ended is the run's <see cref="ImportRun.Outcome"/>.
/// </summary>
/// <param name="target">Opens the database when the import first needs it; never called for a dry run.</param>
public sealed class ImportPipeline(ImportTarget target, TimeProvider clock, IImportProgress? progress = null)
{
    private readonly IImportProgress _progress = progress ?? QuietProgress.Instance;

    public ImportRun Run(ImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Paths.Count == 0)
        {
            throw new TradebookException(ErrorCode.InvalidInput, "name at least one source to import (or --rollback BATCH)");
        }

        // Detection asks each reader about each source: one private copy of a WAL-mode source serves them all.
        using var sharing = SqliteSourceCopy.Sharing();
        SourceReading.CheckMapping(request.Options.MappingFile);
        var plan = ImportPlanner.Plan(request.Paths, new SourceDetector(request.Options.MappingFile), request.Format, request.Options.Backtests);
        if (plan.Sources is [{ Reader: IStreamingSourceReader streaming } single])
        {
            // One source of a reader that streams: whatever the mode, its fills are never all in memory.
            var alone = plan.WithGroups([[single.Path]]);
            return request.Mode switch
            {
                ImportMode.DryRun => PreviewStreamed(request, alone, single.Path, streaming),
                ImportMode.VerifyOnly => VerifyStreamed(request, alone, single.Path, streaming),
                _ => WriteStreamed(request, alone, single.Path, streaming),
            };
        }

        var read = SourceReading.Read(plan, request.Options, request.Prefer, _progress);
        return request.Mode switch
        {
            ImportMode.DryRun => Preview(read),
            ImportMode.VerifyOnly => Verify(read),
            _ => Write(request, read),
        };
    }

    /// <summary>Undoes import batch <paramref name="batchId"/>, after a backup unless <paramref name="backup"/> is false.</summary>
    public RollbackRun Rollback(long batchId, bool backup = true)
    {
        var database = target(TargetAccess.Existing);
        var rollback = new ImportRollback(database, clock);
        rollback.Check(batchId);
        var taken = TakeBackup(database, backup);
        return new RollbackRun(rollback.Run(batchId), taken);
    }

    /// <summary>What would be imported. No database is opened: a dry run cannot change it.</summary>
    private static ImportRun Preview(SourceReading.Result read) =>
        new(ImportMode.DryRun, read.Plan, read.Consolidations, read.Sets.Select(ImportWriter.Preview).ToList(), [], null);

    /// <summary>Checks the database holds each source's fills. Batch id 0 is never assigned: every stored fill counts as already there.</summary>
    private ImportRun Verify(SourceReading.Result read)
    {
        var verifier = new ImportVerifier(target(TargetAccess.Existing));
        var checks = read.Sets.Select(s => new SourceVerification(s.Source.Path, verifier.Verify(0, s))).ToList();
        return new(ImportMode.VerifyOnly, read.Plan, read.Consolidations, [], checks, null);
    }

    private ImportRun Write(ImportRequest request, SourceReading.Result read)
    {
        var database = target(TargetAccess.CreateIfEmpty);
        var backup = TakeBackup(database, request.Backup);
        var writer = new ImportWriter(database, clock);
        var reports = _progress.Run(read.Sets.Select(s => new ImportStep<ImportReport>(
            $"writing {s.Fills.Count:N0} fills of {s.Source.Path}",
            s.Fills.Count,
            done => writer.Write(s, fills => done(fills)))).ToList());
        return new(ImportMode.Write, read.Plan, read.Consolidations, reports, [], backup);
    }

    /// <summary>One source whose reader streams: its fills are written while it is read, in one transaction.</summary>
    private ImportRun WriteStreamed(ImportRequest request, ImportPlan plan, string path, IStreamingSourceReader reader)
    {
        var database = target(TargetAccess.CreateIfEmpty);
        var backup = TakeBackup(database, request.Backup);
        var writer = new ImportWriter(database, clock);
        var reports = _progress.Run([new ImportStep<ImportReport>(
            $"importing {path} ({reader.Format}): fills written",
            null,
            done => writer.Write(path, reader.Format, stream => ReadStreamed(request, path, reader, stream), fills => done(fills)))]);
        return new(ImportMode.Write, plan, [], reports, [], backup);
    }

    private ImportRun PreviewStreamed(ImportRequest request, ImportPlan plan, string path, IStreamingSourceReader reader)
    {
        var report = _progress.Run([new ImportStep<ImportReport>(
            $"reading {path} ({reader.Format})",
            null,
            _ => ImportWriter.Preview(stream => ReadStreamed(request, path, reader, stream)))]);
        return new(ImportMode.DryRun, plan, [], report, [], null);
    }

    /// <summary>The source is read to the end before the database is opened, as when it is read whole.</summary>
    private ImportRun VerifyStreamed(ImportRequest request, ImportPlan plan, string path, IStreamingSourceReader reader)
    {
        var checks = _progress.Run([new ImportStep<SourceVerification>(
            $"reading {path} ({reader.Format})",
            null,
            _ => DrainedStream.Read(
                FillStream.DefaultChunkSize,
                stream => ReadStreamed(request, path, reader, stream),
                (set, stream) => new SourceVerification(set.Source.Path, new ImportVerifier(target(TargetAccess.Existing)).Verify(0, SourceFills.Of(stream.Spill)))))]);
        return new(ImportMode.VerifyOnly, plan, [], [], checks, null);
    }

    private static ImportSet ReadStreamed(ImportRequest request, string path, IStreamingSourceReader reader, FillStream stream) =>
        SourceReading.Guarded(path, reader, () => SourceReading.WithImpliedOrders(reader.Read(path, request.Options, stream)));

    private string? TakeBackup(TradebookDatabase database, bool backup)
    {
        if (!backup)
        {
            return null;
        }

        if (database.Engine != SqlEngine.Sqlite)
        {
            // Tradebook copies only SQLite files. The write is one transaction, and its batch can be rolled back.
            _progress.NotBackedUp("Tradebook backs up SQLite files only; on PostgreSQL the import is one transaction that --rollback BATCH undoes, and pg_dump takes a copy beforehand");
            return null;
        }

        var path = BackupService.Backup(database).Path;
        _progress.BackedUp(path);
        return path;
    }
}
