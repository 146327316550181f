using System.Text.Json;
using Tradebook.Core;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Tests.Writing;
using Tradebook.Import.Workflow;
using Tradebook.Import.Writing;
using Tradebook.Storage.Imports;

namespace Tradebook.Import.Tests.Workflow;

/// <summary>
/// The import as a library: what each mode reads, writes and decides, without the CLI. The CLI's import tests hold
/// the same behaviour from the command line.
/// </summary>
public sealed class ImportPipelineTests : IDisposable
{
    private const int Rows = 300;
    private const int Large = 20_000;
    private readonly TempStore _store = new();
    private readonly List<TargetAccess> _opened = [];
    private readonly RecordingProgress _progress = new();

    public void Dispose() => _store.Dispose();

    private ImportPipeline Pipeline() => new(
        access =>
        {
            _opened.Add(access);
            return _store.Database;
        },
        TempStore.Clock,
        _progress);

    private static string Json(ImportReport report) => JsonSerializer.Serialize(report, ImportWriter.ReportJson);

    private static ImportRequest Request(string path, ImportMode mode = ImportMode.Write, bool backup = false) =>
        new([path], new ImportOptions(), mode, Backup: backup);

    [Fact]
    public void a_dry_run_reports_what_the_write_then_does_and_never_opens_the_database()
    {
        using var source = GeneratedTrades.Table(Rows);
        var before = _store.Fingerprint();

        var preview = Pipeline().Run(Request(source.Path, ImportMode.DryRun));

        Assert.Empty(_opened);
        Assert.Equal(before, _store.Fingerprint());
        Assert.Equal(ImportOutcome.Complete, preview.Outcome);
        var previewed = Assert.Single(preview.Imports);
        Assert.True(previewed.DryRun);
        Assert.Null(previewed.BatchId);
        Assert.Null(previewed.Verification);

        var written = Assert.Single(Pipeline().Run(Request(source.Path)).Imports);
        Assert.Equal(previewed.Kinds["fills"].Read, written.Kinds["fills"].Inserted);
        Assert.Equal(Rows, written.Kinds["fills"].Inserted);
        Assert.Equal(previewed.Bots.Select(b => (b.Name, b.Fills)), written.Bots.Select(b => (b.Name, b.Fills)));
    }

    [Fact]
    public void verify_only_passes_on_an_imported_source_and_names_a_fill_the_database_lacks()
    {
        using var source = GeneratedTrades.Table(Rows);
        Pipeline().Run(Request(source.Path));
        var before = _store.Fingerprint();

        var held = Pipeline().Run(Request(source.Path, ImportMode.VerifyOnly));
        GeneratedTrades.AddTrade(source, Rows);
        var lacking = Pipeline().Run(Request(source.Path, ImportMode.VerifyOnly));

        Assert.Equal(ImportOutcome.Complete, held.Outcome);
        Assert.Equal(Rows, Assert.Single(held.Verifications).Verification.Lines.Sum(l => l.Existing));
        Assert.Equal(ImportOutcome.VerificationFailed, lacking.Outcome);
        var problem = Assert.Single(Assert.Single(lacking.Verifications).Verification.Problems, p => p.StartsWith("fill '", StringComparison.Ordinal));
        Assert.EndsWith("is not in the store", problem, StringComparison.Ordinal);
        Assert.Equal([TargetAccess.CreateIfEmpty, TargetAccess.Existing, TargetAccess.Existing], _opened);
        Assert.Equal(before, _store.Fingerprint());
        Assert.Empty(lacking.Imports);
    }

    [Fact]
    public void a_dry_run_of_a_large_source_gives_the_preview_of_the_source_read_whole()
    {
        using var source = GeneratedTrades.Table(Large);
        var whole = new GenericTradesReader().Read(source.Path, new ImportOptions());

        var run = Pipeline().Run(Request(source.Path, ImportMode.DryRun));

        Assert.Empty(_opened);
        Assert.Equal(Json(ImportWriter.Preview(whole)), Json(Assert.Single(run.Imports)));
        Assert.Equal(Large, run.Imports[0].Kinds["fills"].Read);
    }

    [Fact]
    public void verify_only_of_a_large_source_gives_the_verification_of_the_source_read_whole()
    {
        using var source = GeneratedTrades.Table(Large);
        Pipeline().Run(Request(source.Path));
        for (var i = 0; i < 150; i++)
        {
            GeneratedTrades.AddTrade(source, Large + i);
        }

        var whole = new ImportVerifier(_store.Database).Verify(0, new GenericTradesReader().Read(source.Path, new ImportOptions()));
        var run = Pipeline().Run(Request(source.Path, ImportMode.VerifyOnly));

        Assert.Equal(ImportOutcome.VerificationFailed, run.Outcome);
        Assert.Contains("and 50 more fills of the source are not in the store", whole.Problems);
        Assert.Equal(JsonSerializer.Serialize(whole, ImportWriter.ReportJson), JsonSerializer.Serialize(Assert.Single(run.Verifications).Verification, ImportWriter.ReportJson));
    }

    [Fact]
    public void importing_a_source_again_writes_nothing_new_and_leaves_the_same_accounts()
    {
        using var source = GeneratedTrades.Table(Rows);
        var first = Assert.Single(Pipeline().Run(Request(source.Path)).Imports);
        var accounts = _store.Accounts();

        var again = Pipeline().Run(Request(source.Path));

        var second = Assert.Single(again.Imports);
        Assert.Equal(ImportOutcome.Complete, again.Outcome);
        Assert.Equal((Rows, 0, Rows), (second.Kinds["fills"].Read, second.Kinds["fills"].Inserted, second.Kinds["fills"].Existing));
        Assert.All(second.Bots, b => Assert.False(b.Created));
        Assert.True(second.Verification!.Ok, string.Join("; ", second.Verification.Problems));
        Assert.NotEqual(first.BatchId, second.BatchId);
        Assert.Equal(accounts, _store.Accounts());
        Assert.Equal(2, ImportBatches.List(_store.Database).Count);
    }

    [Fact]
    public void two_copies_of_one_source_are_consolidated_into_one_batch_written_after_a_backup_the_host_is_told_of()
    {
        // The shorter copy holds the first half of the longer one's rows, as an older copy of a bot's database would.
        using var whole = GeneratedTrades.Table(Rows);
        using var older = GeneratedTrades.Table(Rows / 2);

        var run = Pipeline().Run(new ImportRequest([whole.Path, older.Path], new ImportOptions(), Backup: true));

        Assert.Single(run.Consolidations);
        var report = Assert.Single(run.Imports);
        Assert.Equal(Rows, report.Kinds["fills"].Inserted);
        Assert.True(report.Verification!.Ok, string.Join("; ", report.Verification.Problems));
        Assert.NotNull(run.Backup);
        Assert.Equal([run.Backup], _progress.Backups);
        Assert.True(File.Exists(run.Backup));
        Assert.Equal(2, _progress.Steps.Count(s => s.StartsWith("reading ", StringComparison.Ordinal)));
        Assert.Single(_progress.Steps, s => s.StartsWith("writing 300 fills of ", StringComparison.Ordinal));
    }

    [Fact]
    public void a_rollback_removes_what_the_batch_wrote()
    {
        using var source = GeneratedTrades.Table(Rows);
        var batch = Assert.Single(Pipeline().Run(Request(source.Path)).Imports).BatchId!.Value;

        var undone = Pipeline().Rollback(batch, backup: false);

        Assert.Null(undone.Backup);
        Assert.Equal(Rows, undone.Report.Deleted["fills"]);
        Assert.Equal(0, _store.Scalar("SELECT COUNT(*) FROM fills"));
        Assert.Equal(TargetAccess.Existing, _opened[^1]);
    }

    [Fact]
    public void no_source_and_a_missing_mapping_file_are_refused_before_the_database_is_opened()
    {
        var none = Assert.Throws<TradebookException>(() => Pipeline().Run(new ImportRequest([], new ImportOptions())));
        var mapping = Assert.Throws<TradebookException>(() => Pipeline().Run(new ImportRequest(["x.db"], new ImportOptions(MappingFile: Path.Combine(_store.Folder, "absent.toml")))));

        Assert.Equal(ErrorCode.InvalidInput, none.Code);
        Assert.Equal(ErrorCode.NotFound, mapping.Code);
        Assert.Empty(_opened);
    }

    /// <summary>Runs the steps as a host would, and notes what it was told.</summary>
    private sealed class RecordingProgress : IImportProgress
    {
        public List<string> Steps { get; } = [];

        public List<string> Backups { get; } = [];

        public IReadOnlyList<T> Run<T>(IReadOnlyList<ImportStep<T>> steps)
        {
            Steps.AddRange(steps.Select(s => s.Description));
            return QuietProgress.Instance.Run(steps);
        }

        public void BackedUp(string path) => Backups.Add(path);

        public void NotBackedUp(string why) => throw new InvalidOperationException($"these tests import into SQLite, which is backed up: {why}");
    }
}
