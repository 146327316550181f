using System.Text.Json;
using Tradebook.Core;
using Tradebook.Core.Text;

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

    /// <summary>The settings a <c>tradebook.json</c> may hold; any other key is refused, naming the nearest.</summary>
    private static readonly string[] ConfigKeys = ["database"];

    /// <summary>
    /// The database named by <paramref name="dbOption"/> (the <c>--db</c> option's value, null when not
    /// given), else by the rules above. A value that is given but empty — <c>--db ""</c>, or
    /// <c>TRADEBOOK_DB</c> set to nothing (as an unset shell variable expands) — is an error, never a
    /// silent fall back to the next rule's database.
    /// </summary>
    public DatabaseTarget Resolve(string? dbOption)
    {
        if (dbOption is not null)
        {
            return string.IsNullOrWhiteSpace(dbOption)
                ? throw new TradebookException(ErrorCode.InvalidInput, "--db is empty; give a SQLite path or a PostgreSQL connection string, or leave --db out to use TRADEBOOK_DB, tradebook.json or the per-user database")
                : DatabaseTarget.Parse(dbOption, "--db option", workingDirectory);
        }

        if (environment(EnvironmentVariable) is { } fromEnvironment)
        {
            return string.IsNullOrWhiteSpace(fromEnvironment)
                ? throw new TradebookException(ErrorCode.InvalidInput, $"{EnvironmentVariable} is set but empty; set it to a SQLite path or a PostgreSQL connection string, or unset it (`unset {EnvironmentVariable}`)")
                : DatabaseTarget.Parse(fromEnvironment, $"{EnvironmentVariable} environment variable", workingDirectory);
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
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"{configPath} holds a JSON {root.ValueKind.ToString().ToLowerInvariant()}; expected an object such as {{ \"database\": \"path/to/tradebook.db\" }}");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!ConfigKeys.Contains(property.Name, StringComparer.Ordinal))
                {
                    var hint = NearestName.Hint(NearestName.Of(property.Name, ConfigKeys));
                    throw new TradebookException(ErrorCode.InvalidInput, $"{configPath}: unknown setting {JsonSerializer.Serialize(property.Name)}{hint} (known: {string.Join(", ", ConfigKeys)})");
                }

                if (!seen.Add(property.Name))
                {
                    throw new TradebookException(ErrorCode.InvalidInput, $"{configPath}: \"{property.Name}\" is given twice; give it once");
                }
            }

            database = root.TryGetProperty("database", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
        catch (JsonException e)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{configPath} is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // A string holding a lone surrogate escape: not text.
            throw new TradebookException(ErrorCode.InvalidInput, $"{configPath} holds a string that is not Unicode text ({e.Message})");
        }
        catch (IOException e)
        {
            throw new TradebookException(ErrorCode.CannotOpen, $"cannot read {configPath}: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(database))
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{configPath} has no \"database\" setting; expected {{ \"database\": \"path/to/tradebook.db\" }}");
        }

        return DatabaseTarget.Parse(database, $"config file {configPath}", Path.GetDirectoryName(configPath)!);
    }

    private string Home() => environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
