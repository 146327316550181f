using System.Globalization;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.CrashChild;

/// <summary>The child's command line.</summary>
internal sealed record Options(string? Sqlite, string? Postgres, int Seed, int Fills, IReadOnlyList<string> Bots, string Prefix, long? StartAt)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        return new Options(
            values.GetValueOrDefault("--sqlite"),
            values.GetValueOrDefault("--pg"),
            int.Parse(values.GetValueOrDefault("--seed", "1"), CultureInfo.InvariantCulture),
            int.Parse(values.GetValueOrDefault("--fills", "1000"), CultureInfo.InvariantCulture),
            values.GetValueOrDefault("--bots", "bot").Split(','),
            values.GetValueOrDefault("--prefix", "f"),
            values.TryGetValue("--at", out var at) ? long.Parse(at, CultureInfo.InvariantCulture) : null);
    }

    // The PostgreSQL string is taken as it is: a test's own schema rides in its Search Path.
    public DatabaseTarget Target() => Postgres is not null
        ? new DatabaseTarget(SqlEngine.Postgres, Postgres, "test schema", "--pg")
        : DatabaseTarget.Parse(Sqlite ?? throw new ArgumentException("--sqlite or --pg is required"), "--sqlite", Directory.GetCurrentDirectory());
}
