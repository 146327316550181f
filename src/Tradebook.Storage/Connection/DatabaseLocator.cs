using System.Text.Json;

namespace Tradebook.Storage.Connection;

/// <summary>
/// Finds the one database every Tradebook process uses, the same way each time:
/// <c>--db</c> option, then the <c>TRADEBOOK_DB</c> environment variable, then a <c>tradebook.json</c>
/// config file (in the working directory or any parent, then the user's config folder), then the
/// per-user data folder. A relative path in a config file resolves against that file's folder,
/// never against the working directory, so that processes started anywhere agree.
/// </summary>
public sealed class DatabaseLocator(Func<string, string?> environment, string workingDirectory)
{
    public const string EnvironmentVariable = "TRADEBOOK_DB";
    public const string ConfigFileName = "tradebook.json";

    public static DatabaseLocator FromProcess() => new(Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory());

    public DatabaseTarget Resolve(string? dbOption)
    {
        if (!string.IsNullOrWhiteSpace(dbOption))
        {
            return DatabaseTarget.Parse(dbOption, "--db option", workingDirectory);
        }

        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return DatabaseTarget.Parse(fromEnvironment, $"{EnvironmentVariable} environment variable", workingDirectory);
        }

        foreach (var config in ConfigCandidates())
        {
            if (File.Exists(config))
            {
                return FromConfig(config);
            }
        }

        var data = environment("XDG_DATA_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Home(), ".local", "share");
        return DatabaseTarget.Parse(Path.Combine(data, "tradebook", "tradebook.db"), "per-user data folder (no --db, TRADEBOOK_DB or tradebook.json)", workingDirectory);
    }

    private IEnumerable<string> ConfigCandidates()
    {
        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            yield return Path.Combine(dir.FullName, ConfigFileName);
        }

        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Home(), ".config");
        yield return Path.Combine(configHome, "tradebook", ConfigFileName);
    }

    private static DatabaseTarget FromConfig(string configPath)
    {
        string? database;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configPath));
            database = document.RootElement.TryGetProperty("database", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{configPath} is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(database))
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{configPath} has no \"database\" setting; expected {{ \"database\": \"path/to/tradebook.db\" }}");
        }

        return DatabaseTarget.Parse(database, $"config file {configPath}", Path.GetDirectoryName(configPath)!);
    }

    private string Home() => environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
