using System.Diagnostics;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;
using Tradebook.Core;
using Tradebook.Storage.Connection;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary>
/// Generated and mutated <c>tradebook.json</c> files: the locator resolves a database or refuses the file with one
/// line, and the real <c>tradebook</c> process started beside a bad one exits with a documented code and one error
/// line, creating or changing no database.
/// </summary>
public sealed class ConfigFileFuzzTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void any_configuration_file_resolves_a_database_or_is_refused_with_one_line()
    {
        var project = Directory.CreateDirectory(Path.Combine(_workspace.Folder, "project")).FullName;
        var environment = new Dictionary<string, string> { ["HOME"] = _workspace.Folder };
        var resolved = 0;
        Prop.ForAll(ConfigDocuments.Inputs.ToArbitrary(), input =>
        {
            File.WriteAllBytes(Path.Combine(project, DatabaseLocator.ConfigFileName), input.Bytes);
            var name = $"{input.Mutation}: {Encoding.UTF8.GetString(input.Bytes)}";
            try
            {
                var target = new DatabaseLocator(environment.GetValueOrDefault, project).Resolve(null);
                Assert.Contains(DatabaseLocator.ConfigFileName, target.Rule, StringComparison.Ordinal);
                resolved++;
            }
            catch (TradebookException e)
            {
                Assert.True(e.Code is ErrorCode.InvalidInput or ErrorCode.CannotOpen, $"{name}: {e.Code} {e.Message}");
                Assert.False(e.Message.Contains('\n', StringComparison.Ordinal), $"{name}: {e.Message}");
            }
            catch (Exception e)
            {
                Assert.Fail($"{name}: unhandled {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
        }).Check(FuzzRuns.Cases(300));

        Assert.InRange(resolved, 1, FuzzRuns.Count(300) - 1);
    }

    [Fact]
    public void the_cli_beside_a_bad_configuration_file_exits_with_one_line_and_creates_or_changes_no_database()
    {
        // The process's own working directory and environment pick the configuration file, so this runs the real
        // process: fewer cases than the in-process properties, as each starts .NET.
        var project = Directory.CreateDirectory(Path.Combine(_workspace.Folder, "project")).FullName;
        var database = Path.Combine(project, "tradebook.db");
        Assert.Equal(0, TempWorkspace.RunOn(database, "init").ExitCode);
        Assert.Equal(0, TempWorkspace.RunOn(database, "bots", "add", "alpha", "--mode", "paper").ExitCode);
        var fills = Path.Combine(_workspace.Folder, "fills.jsonl");
        File.WriteAllText(fills, Support.Fills.Lines(Support.Fills.Line("alpha", "f1", "BTC/USDT", "buy", 1, 100)));
        SqliteConnection.ClearAllPools();

        var gen =
            from input in ConfigDocuments.Inputs
            from command in Gen.Elements<string[]>(["init"], ["record", fills], ["bots", "list"], ["migrate"], ["doctor"])
            select (input.Bytes, input.Mutation, Command: command);
        var refused = 0;
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var config = Path.Combine(project, DatabaseLocator.ConfigFileName);
            File.WriteAllBytes(config, input.Bytes);
            var name = $"tradebook {string.Join(' ', input.Command)} ({input.Mutation}): {Encoding.UTF8.GetString(input.Bytes)}";
            var before = Files(_workspace.Folder);
            var contents = LedgerState.Fingerprint(database);

            var result = Run(project, input.Command);

            CliOutcome.AssertClean(result, name);
            if (result.ExitCode != ExitCodes.Ok && result.Error.Contains(DatabaseLocator.ConfigFileName, StringComparison.Ordinal))
            {
                refused++;
                Assert.True(before.SetEquals(Files(_workspace.Folder)), $"{name}: a refused configuration created a file\n{result}");
                Assert.True(contents == LedgerState.Fingerprint(database), $"{name}: a refused configuration changed the database\n{result}");
            }

            // Whatever a good configuration named, nothing but Tradebook's files is written: clean up for the next case.
            foreach (var created in Files(_workspace.Folder).Except(before))
            {
                File.Delete(created);
            }
        }).Check(FuzzRuns.Cases(30));

        Assert.True(refused > 0);
    }

    private static HashSet<string> Files(string folder) => [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith(".db-writers", StringComparison.Ordinal))];

    /// <summary>Runs <c>dotnet tradebook.dll ARGS</c> in <paramref name="folder"/>, with no TRADEBOOK_DB and a home of its own.</summary>
    private CliResult Run(string folder, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = folder };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tradebook.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove(DatabaseLocator.EnvironmentVariable);
        start.Environment["HOME"] = _workspace.Folder;
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(_workspace.Folder, "config");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(_workspace.Folder, "data");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        SqliteConnection.ClearAllPools();
        return new CliResult(process.ExitCode, output.Result, error.Result);
    }
}
