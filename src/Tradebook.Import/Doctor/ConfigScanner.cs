using System.Text.RegularExpressions;

namespace Tradebook.Import.Doctor;

/// <summary>
/// Finds database references in configuration files (.env, JSON, YAML, TOML, INI, Python settings):
/// SQLite URLs (<c>sqlite:///./trader.db</c>) and paths ending in a database extension. Line-based on
/// purpose: the same reading works for every format, and the line number is what a user needs.
/// </summary>
internal static partial class ConfigScanner
{
    private const long MaxConfigBytes = 1024 * 1024;

    private static readonly string[] ConfigExtensions = [".json", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".py", ".env", ".properties"];

    private static readonly string[] QuotedLanguages = [".py", ".json", ".toml"];

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

    [GeneratedRegex("""^[A-Za-z]:[\\/]""")]
    private static partial Regex WindowsRoot();
}

/// <summary>A database named on one line of a configuration file.</summary>
internal sealed record RawReference(string File, int Line, string? Key, string Value, string DatabasePath, bool AnchoredToCode);
