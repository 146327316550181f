using System.Text.RegularExpressions;

namespace Tradebook.Import.Doctor;

/// <summary>
/// Finds database references in configuration files (.env, JSON, YAML, TOML, INI, Python settings):
/// SQLite URLs (<c>sqlite:///./trader.db</c>) and paths ending in a database extension. Line-based on
/// purpose: the same reading works for every format, and the line number is what a user needs.
/// Only what configures a connection counts: a URL with a database scheme, a value under a connection key
/// (<c>DATABASE_URL</c>, <c>db_path</c>, <c>sqlite_file</c>), or any database path in a settings file
/// (<c>.env</c>, <c>*.ini</c>, <c>*.toml</c>, <c>settings.py</c>, <c>config.yaml</c>). A data file that merely
/// mentions database file names (a catalog of backups, a log) configures nothing.
/// </summary>
internal static partial class ConfigScanner
{
    private const long MaxConfigBytes = 1024 * 1024;

    private static readonly string[] ConfigExtensions = [".json", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".py", ".env", ".properties"];

    private static readonly string[] QuotedLanguages = [".py", ".json", ".toml"];

    /// <summary>Words in a file's name that make it a settings file: <c>appsettings.json</c>, <c>config.yaml</c>, <c>docker-compose.yml</c>.</summary>
    private static readonly string[] SettingsWords = ["config", "conf", "setting", "env", "compose", "secret"];

    private static readonly string[] SettingsExtensions = [".ini", ".cfg", ".conf", ".toml", ".env", ".properties"];

    /// <summary>True for files whose name says they hold settings: every database path in them configures something.</summary>
    public static bool IsSettingsFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith(".env", StringComparison.OrdinalIgnoreCase)
            || SettingsExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase)
            || SettingsWords.Any(w => Path.GetFileNameWithoutExtension(name).Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>True for keys that configure a connection: <c>DATABASE_URL</c>, <c>db_path</c>, <c>SQLALCHEMY_DATABASE_URI</c>, <c>dsn</c>.</summary>
    public static bool IsConnectionKey(string? key) => key is not null && ConnectionKeyPattern().IsMatch(key);

    public static bool IsConfigFile(string path)
    {
        var name = Path.GetFileName(path);
        return name.StartsWith(".env", StringComparison.OrdinalIgnoreCase)
            || ConfigExtensions.Contains(Path.GetExtension(name), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The raw references in one file, not yet resolved against working directories.</summary>
    public static List<RawReference> Read(string path)
    {
        var result = new List<RawReference>();
        if (new FileInfo(path).Length > MaxConfigBytes)
        {
            return result;
        }

        // Languages with quoted strings name files in quotes; outside them "self.db" is code, not a path.
        var quotedOnly = QuotedLanguages.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);
        var settings = IsSettingsFile(path);
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('#') || trimmed.StartsWith(';') || trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var key = KeyPattern().Match(line) is { Success: true } k ? k.Groups["key"].Value : null;
            var anchored = AnchorPattern().IsMatch(line);
            var covered = new List<(int Start, int End)>();
            foreach (Match url in UrlPattern().Matches(line))
            {
                covered.Add((url.Index, url.Index + url.Length));
                var dbPath = url.Groups["path"].Value;
                if (dbPath.Length == 0 || dbPath == ":memory:")
                {
                    continue;
                }

                // sqlite:///relative and sqlite:////absolute: the path is what follows the third slash.
                result.Add(new RawReference(path, i + 1, key, url.Value, dbPath, anchored));
            }

            // A bare path configures a connection only under a connection key, in a call that opens one, or in a settings file.
            if (!settings && !IsConnectionKey(key) && !ConnectCallPattern().IsMatch(line))
            {
                continue;
            }

            foreach (Match file in PathPattern().Matches(line))
            {
                if (covered.Any(c => file.Index >= c.Start && file.Index < c.End)
                    || (quotedOnly && (file.Index == 0 || line[file.Index - 1] is not ('"' or '\'' or '`'))))
                {
                    continue;
                }

                result.Add(new RawReference(path, i + 1, key, file.Value, file.Value, anchored));
            }
        }

        return result;
    }

    public static bool IsRelative(string dbPath) =>
        !(dbPath.StartsWith('/') || dbPath.StartsWith('\\') || dbPath.StartsWith('~') || WindowsRoot().IsMatch(dbPath)
            || dbPath.Contains("${", StringComparison.Ordinal) || dbPath.StartsWith('$') || dbPath.StartsWith('%'));

    [GeneratedRegex("""^\s*(?:export\s+)?["']?(?<key>[A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]""")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("""sqlite(?:\+[a-z0-9]+)?:///(?<path>[^\s"'`,;)}\]?]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex("""(?<![A-Za-z0-9_])[^\s"'`=:,;(){}\[\]<>]*\.(?:db|sqlite3?|db3|s3db|sl3)(?![A-Za-z0-9_.(])""", RegexOptions.IgnoreCase)]
    private static partial Regex PathPattern();

    [GeneratedRegex("""__file__|BASE_DIR|ROOT_DIR|PROJECT_ROOT|os\.path\.dirname|Path\(__""")]
    private static partial Regex AnchorPattern();

    [GeneratedRegex("""(database|sqlite|sqlalchemy|dsn|connection|datasource|data_source|db_?(url|uri|path|file|name|dir)|(^|[_.\-])db([_.\-]|$))""", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionKeyPattern();

    [GeneratedRegex("""\b(connect|create_engine|open_database|Database)\s*\(""")]
    private static partial Regex ConnectCallPattern();

    [GeneratedRegex("""^[A-Za-z]:[\\/]""")]
    private static partial Regex WindowsRoot();
}

/// <summary>A database named on one line of a configuration file.</summary>
internal sealed record RawReference(string File, int Line, string? Key, string Value, string DatabasePath, bool AnchoredToCode);
