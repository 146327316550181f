using System.CommandLine;

namespace Tradebook.Cli;

/// <summary>Options every command understands.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Database = new("--db")
    {
        Description = "The database: a SQLite path or a PostgreSQL connection string (postgres://… or Host=…). Default: TRADEBOOK_DB, then tradebook.json, then the per-user data folder.",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print machine-readable JSON on stdout instead of tables.",
        Recursive = true,
    };
}
