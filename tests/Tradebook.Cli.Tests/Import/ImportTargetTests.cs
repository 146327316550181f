namespace Tradebook.Cli.Tests.Import;

/// <summary><c>--into DB</c> names the target like <c>--db</c>; <c>--verify-only</c> checks without writing.</summary>
public sealed class ImportTargetTests
{
    private const string Source = "real-dbs/ronmegini__Trading-Bot__tradesv3.sqlite";

    [Fact]
    public void into_imports_into_the_database_it_names()
    {
        using var workspace = new SampleWorkspace();
        var other = Path.Combine(workspace.Folder, "other.db");
        Assert.Equal(0, Support.TempWorkspace.RunOn(other, "init").ExitCode);

        // Without --db: the test harness adds --db, so --into alone is run in-process here.
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TradebookCli.Run(["import", workspace.Sample(Source), "--into", other, "--no-backup"], output, error);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains(other, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(";fills=10;", SampleWorkspace.Fingerprint(other), StringComparison.Ordinal);
        Assert.Equal(0, workspace.Count("SELECT COUNT(*) FROM fills"));
    }

    [Fact]
    public void a_database_that_does_not_exist_yet_is_created_with_the_schema()
    {
        using var workspace = new SampleWorkspace();
        var fresh = Path.Combine(workspace.Folder, "fresh", "new.db");

        var result = Support.TempWorkspace.RunOn(fresh, "import", workspace.Sample(Source), "--no-backup");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("created Tradebook's schema", result.Error, StringComparison.Ordinal);
        Assert.Contains(";fills=10;", SampleWorkspace.Fingerprint(fresh), StringComparison.Ordinal);
        Assert.Equal(0, Support.TempWorkspace.RunOn(fresh, "migrate", "validate").ExitCode);
    }

    [Fact]
    public void a_database_holding_other_tables_is_never_adopted()
    {
        using var workspace = new SampleWorkspace();
        var foreign = Path.Combine(workspace.Folder, "foreign.db");
        File.Copy(workspace.Sample(Source), foreign);
        var before = File.ReadAllBytes(foreign);

        var result = Support.TempWorkspace.RunOn(foreign, "import", workspace.Sample(Source), "--no-backup");

        Assert.Equal(ExitCodes.Schema, result.ExitCode);
        Assert.Contains("no Tradebook schema", result.Error, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(foreign));
    }

    [Fact]
    public void into_and_db_naming_different_databases_is_refused()
    {
        using var workspace = new SampleWorkspace();

        var result = workspace.Run("import", workspace.Sample(Source), "--into", Path.Combine(workspace.Folder, "elsewhere.db"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("name different databases", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(workspace.Folder, "elsewhere.db")));
    }

    [Fact]
    public void verify_only_fails_before_an_import_passes_after_it_and_writes_nothing()
    {
        using var workspace = new SampleWorkspace();
        var source = workspace.Sample(Source);
        var empty = workspace.Fingerprint();

        var before = workspace.Run("import", source, "--verify-only", "--json");
        Assert.Equal(ExitCodes.Failed, before.ExitCode);
        Assert.False(before.Json()[0].GetProperty("verification").GetProperty("ok").GetBoolean());
        Assert.Equal(empty, workspace.Fingerprint());

        workspace.Import(source);
        var imported = workspace.Fingerprint();
        var after = workspace.Run("import", source, "--verify-only", "--json");

        Assert.True(after.ExitCode == 0, after.ToString());
        Assert.True(after.Json()[0].GetProperty("verification").GetProperty("ok").GetBoolean());
        Assert.Equal(imported, workspace.Fingerprint());
        Assert.Equal(1, workspace.Count("SELECT COUNT(*) FROM import_batches"));
    }

    [Fact]
    public void a_redirected_import_writes_no_progress_bars_to_stderr()
    {
        using var workspace = new SampleWorkspace();

        var result = workspace.Run("import", workspace.Sample(Source), "--no-backup");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["database"], result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(':')[0]));
    }
}
