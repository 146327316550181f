using System.CommandLine;
using Spectre.Console;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Schema;

namespace Tradebook.Cli.Commands;

/// <summary><c>tradebook migrate</c> and its subcommands: status, validate, down, baseline, drift.</summary>
internal static class MigrateCommand
{
    public static Command Create(CliConsole console)
    {
        var to = new Option<int?>("--to") { Description = "Target version (default: latest)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the SQL that would run; change nothing." };
        var command = new Command("migrate", "Apply pending migrations (to latest, or --to N).") { to, dryRun };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console, create: !parse.GetValue(dryRun));
            if (context.Database.IsMissingFile)
            {
                console.Error.WriteLine("the database does not exist yet: `tradebook migrate` would create it and apply every migration");
            }

            var result = context.Migrator.Migrate(parse.GetValue(to), parse.GetValue(dryRun));
            return Report(context, result);
        }));

        command.Subcommands.Add(Status(console));
        command.Subcommands.Add(Validate(console));
        command.Subcommands.Add(Down(console));
        command.Subcommands.Add(Baseline(console));
        command.Subcommands.Add(Drift(console));
        return command;
    }

    private static int Report(CliContext context, MigrationRunResult result)
    {
        var console = context.Console;
        if (context.Json)
        {
            console.WriteJson(new
            {
                direction = result.Plan.Direction,
                from_version = result.Plan.FromVersion,
                to_version = result.Plan.ToVersion,
                dry_run = result.DryRun,
                steps = result.Plan.Steps.Select(s => new { s.Version, s.Name, sql = result.DryRun ? s.Sql : null }),
                applied = result.Applied,
            });
            return ExitCodes.Ok;
        }

        if (result.Plan.Steps.Count == 0)
        {
            console.Out.WriteLine($"Nothing to do: the database is at version {result.Plan.FromVersion}.");
            return ExitCodes.Ok;
        }

        foreach (var step in result.Plan.Steps)
        {
            if (result.DryRun)
            {
                console.Out.WriteLine($"-- {result.Plan.Direction.ToString().ToLowerInvariant()} {step.Version:0000} {step.Name}");
                console.Out.WriteLine(step.Sql.TrimEnd());
                console.Out.WriteLine();
            }
            else
            {
                var state = result.Applied.Contains(step.Version) ? "applied" : "already applied by another process";
                console.Out.WriteLine($"{result.Plan.Direction.ToString().ToLowerInvariant()} {step.Version:0000} {step.Name}: {state}");
            }
        }

        console.Out.WriteLine(result.DryRun ? "Dry run: nothing was changed." : $"The database is now at version {result.Plan.ToVersion}.");
        return ExitCodes.Ok;
    }

    private static Command Status(CliConsole console)
    {
        var command = new Command("status", "Show applied and pending migrations.");
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console);
            if (context.Database.IsMissingFile)
            {
                console.Error.WriteLine("the database does not exist yet (nothing was created): every migration is pending; `tradebook init` creates it");
            }

            var status = context.Migrator.Status();
            if (context.Json)
            {
                console.WriteJson(new
                {
                    current_version = status.CurrentVersion,
                    latest_version = status.LatestVersion,
                    applied = status.Applied,
                    pending = status.Pending.Select(m => new { m.Version, m.Name, m.Checksum }),
                    problems = status.Problems,
                });
                return status.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Schema;
            }

            var table = new Table().AddColumns("version", "name", "state", "applied at", "ms", "tool", "checksum");
            foreach (var applied in status.Applied)
            {
                table.AddRow(applied.Version.ToString("0000", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(applied.Name), "applied", applied.AppliedAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture), applied.DurationMs.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(applied.ToolVersion), Markup.Escape(Migration.Short(applied.Checksum)));
            }

            foreach (var pending in status.Pending)
            {
                table.AddRow(pending.Version.ToString("0000", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(pending.Name), "pending", string.Empty, string.Empty, string.Empty, Migration.Short(pending.Checksum));
            }

            console.Ansi.Write(table);
            console.Out.WriteLine($"Schema version {status.CurrentVersion} of {status.LatestVersion}.");
            foreach (var problem in status.Problems)
            {
                console.Error.WriteLine($"problem: {problem}");
            }

            return status.Problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Schema;
        }));
        return command;
    }

    private static Command Validate(CliConsole console)
    {
        var command = new Command("validate", "Compare applied checksums with the shipped migration files.");
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireExisting();
            var problems = context.Migrator.Validate();
            if (context.Json)
            {
                console.WriteJson(new { valid = problems.Count == 0, problems });
            }
            else
            {
                console.Out.WriteLine(problems.Count == 0 ? "Every applied migration matches its shipped file." : string.Join(Environment.NewLine, problems.Select(p => $"problem: {p}")));
            }

            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Schema;
        }));
        return command;
    }

    private static Command Down(CliConsole console)
    {
        var to = new Option<int>("--to") { Description = "Version to go down to (0 removes everything).", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the SQL that would run; change nothing." };
        var command = new Command("down", "Undo migrations above --to N, newest first.") { to, dryRun };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireExisting();
            return Report(context, context.Migrator.Down(parse.GetValue(to), parse.GetValue(dryRun)));
        }));
        return command;
    }

    private static Command Baseline(CliConsole console)
    {
        var version = new Option<int?>("--version") { Description = "The version the existing schema corresponds to (default: latest)." };
        var force = new Option<bool>("--force") { Description = "Baseline even when the schema does not match." };
        var command = new Command("baseline", "Adopt an existing database: record migrations up to --version as applied without running them.") { version, force };
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireExisting();
            var at = parse.GetValue(version) ?? context.Migrator.LatestVersion;
            var drift = context.Migrator.Baseline(at, parse.GetValue(force));
            if (context.Json)
            {
                console.WriteJson(new { baselined_at = at, drift });
            }
            else
            {
                console.Out.WriteLine($"Baselined at version {at}.");
                foreach (var d in drift)
                {
                    console.Error.WriteLine($"drift: {d}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Drift(CliConsole console)
    {
        var command = new Command("drift", "Compare the live schema with what the applied migrations produce.");
        command.SetAction(parse => console.Guard(() =>
        {
            using var context = CliContext.From(parse, console).RequireExisting();
            var drift = DriftCheck.Run(context.Database, context.Migrator);
            if (context.Json)
            {
                console.WriteJson(new { drift });
            }
            else
            {
                console.Out.WriteLine(drift.Count == 0 ? "No drift: the schema is exactly what the migrations produce." : string.Join(Environment.NewLine, drift.Select(d => $"drift: {d}")));
            }

            return drift.Count == 0 ? ExitCodes.Ok : ExitCodes.Schema;
        }));
        return command;
    }
}
