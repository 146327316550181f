using System.Reflection;
using System.Text.RegularExpressions;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Migrations;

/// <summary>
/// The migrations embedded in Tradebook.Storage: <c>NNNN_name.up.sql</c> for both engines, or
/// <c>NNNN_name.up.sqlite.sql</c> / <c>NNNN_name.up.postgres.sql</c> where the SQL really differs;
/// the same for <c>.down</c>.
/// </summary>
public sealed partial class EmbeddedMigrationSource : IMigrationSource
{
    private const string Prefix = "Tradebook.Migrations.";

    public static readonly EmbeddedMigrationSource Instance = new();

    public IReadOnlyList<Migration> Load(SqlEngine engine)
    {
        var assembly = typeof(EmbeddedMigrationSource).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => (Resource: n, Match: ScriptName().Match(n[Prefix.Length..])))
            .Where(x => x.Match.Success)
            .Select(x => new Script(
                int.Parse(x.Match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture),
                x.Match.Groups["name"].Value,
                x.Match.Groups["direction"].Value,
                x.Match.Groups["engine"].Success ? x.Match.Groups["engine"].Value : null,
                x.Resource))
            .Where(s => s.Engine is null || s.Engine == engine.ToString().ToLowerInvariant())
            .ToList();

        return scripts
            .GroupBy(s => (s.Version, s.Name))
            .OrderBy(g => g.Key.Version)
            .Select(g => new Migration(
                g.Key.Version,
                g.Key.Name,
                Read(assembly, Pick(g, "up") ?? throw new InvalidOperationException($"Migration {g.Key.Version} ({g.Key.Name}) has no up script for {engine}.")),
                Pick(g, "down") is { } down ? Read(assembly, down) : null))
            .ToList();
    }

    // An engine-specific script wins over the shared one.
    private static Script? Pick(IEnumerable<Script> scripts, string direction) =>
        scripts.Where(s => s.Direction == direction).OrderBy(s => s.Engine is null).FirstOrDefault();

    private static string Read(Assembly assembly, Script script)
    {
        using var stream = assembly.GetManifestResourceStream(script.Resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.(?<direction>up|down)(\.(?<engine>sqlite|postgres))?\.sql$")]
    private static partial Regex ScriptName();

    private sealed record Script(int Version, string Name, string Direction, string? Engine, string Resource);
}
