using System.CommandLine;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Migrations;

namespace Tradebook.Cli;

/// <summary>What a command needs: the resolved database (stated on stderr), output mode, and the clock.</summary>
public sealed class CliContext : IDisposable
{
    private CliContext(CliConsole console, DatabaseTarget target, bool json, bool create)
    {
        Console = console;
        Target = target;
        Json = json;
        Database = new TradebookDatabase(target, create);
    }

    public CliConsole Console { get; }

    public DatabaseTarget Target { get; }

    public TradebookDatabase Database { get; }

    public bool Json { get; }

    public TimeProvider Clock => TimeProvider.System;

    public Migrator Migrator => new(Database);

    public LedgerWriter Ledger => new(Database, Clock);

    public LedgerReader Reader => new(Database);

    /// <summary>
    /// Resolves the database and says which one it is and why, on stderr so JSON on stdout stays clean.
    /// Only a command that creates a database (<paramref name="create"/>: init, migrate, import, restore)
    /// creates a missing SQLite file; for every other one a mistyped path is an error.
    /// </summary>
    public static CliContext From(ParseResult parse, CliConsole console, bool create = false) => From(parse, console, parse.GetValue(GlobalOptions.Database), create);

    /// <summary>As <see cref="From(ParseResult, CliConsole, bool)"/>, with the database a command's own option named (null: the usual rules).</summary>
    public static CliContext From(ParseResult parse, CliConsole console, string? database, bool create = false)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var target = DatabaseLocator.FromProcess().Resolve(database);
        console.Error.WriteLine($"database: {target.Display} ({target.Engine.ToString().ToLowerInvariant()}, from {target.Rule})");
        return new CliContext(console, target, parse.GetValue(GlobalOptions.Json), create);
    }

    /// <summary>A context on a database the command chose itself (the demo's temporary one), stated like any other.</summary>
    public static CliContext For(ParseResult parse, CliConsole console, DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(target);
        console.Error.WriteLine($"database: {target.Display} ({target.Engine.ToString().ToLowerInvariant()}, from {target.Rule})");
        return new CliContext(console, target, parse.GetValue(GlobalOptions.Json), create: true);
    }

    /// <summary>For a command about an existing database: a SQLite file that does not exist is an error (a mistyped path).</summary>
    public CliContext RequireExisting() => Database.IsMissingFile ? throw Database.Missing() : this;

    /// <summary>Opens the ledger for reading or writing: the schema must be at this Tradebook's version.</summary>
    public CliContext RequireCurrentSchema()
    {
        Migrator.EnsureCurrent();
        return this;
    }

    /// <summary>
    /// For a command that fills a database (import, convert's target): a database with no tables at all,
    /// or none yet, gets Tradebook's schema first. One that holds anything else is never adopted
    /// silently: it must be at this Tradebook's version, or the user runs init or migrate.
    /// </summary>
    public CliContext CreateSchemaIfEmpty()
    {
        if (Migrator.IsBlank())
        {
            var applied = Migrator.Migrate().Applied;
            Console.Error.WriteLine($"created Tradebook's schema (migrations {string.Join(", ", applied)}) in the empty database");
        }

        return RequireCurrentSchema();
    }

    public void Dispose() => Database.Dispose();
}
