using Microsoft.Data.Sqlite;

namespace Tradebook.Cli.Tests.Support;

/// <summary>
/// A temporary folder per test with its own database path, passed to every command with --db so that
/// no test ever touches the user's real data folder.
/// </summary>
public sealed class TempWorkspace : IDisposable
{
    public TempWorkspace()
    {
        Folder = Directory.CreateTempSubdirectory("tradebook-cli-tests-").FullName;
        DatabasePath = Path.Combine(Folder, "tradebook.db");
    }

    public string Folder { get; }

    public string DatabasePath { get; }

    /// <summary>Runs <c>tradebook ARGS --db DB</c> in-process.</summary>
    public CliResult Run(params string[] args) => RunOn(DatabasePath, args);

    public static CliResult RunOn(string database, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TradebookCli.Run([.. args, "--db", database], output, error);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs <c>tradebook ARGS --db DB</c> in-process with <paramref name="stdin"/> as its standard input.</summary>
    public CliResult RunWithInput(byte[] stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new MemoryStream(stdin);
        var exit = TradebookCli.Run([.. args, "--db", DatabasePath], output, error, input);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        // Pooled connections keep the files open; release them before deleting the folder.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A folder left in the temp directory is harmless; failing the test over it is not.
        }
    }
}
