using Tradebook.Core;

namespace Tradebook.Cli.Output;

/// <summary>A library's remedy worded as the <c>tradebook</c> command or option that carries it out.</summary>
public static class RemedyText
{
    /// <summary>The failure's message, followed by its remedy as a command when it has one.</summary>
    public static string Of(TradebookException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Remedy.Append(error.Message, error.Remedy is { } remedy ? Command(remedy) : null);
    }

    public static string Command(Remedy remedy)
    {
        ArgumentNullException.ThrowIfNull(remedy);
        return remedy.Kind switch
        {
            RemedyKind.AddBot => $"add it first with `tradebook bots add \"{remedy.Subject}\" --mode paper` (or live, backtest, test)",
            RemedyKind.ListBots => "`tradebook bots list` shows the bots",
            RemedyKind.ArchiveBot => $"`tradebook bots archive {Quoted(remedy.Subject)}` hides it and keeps its data; `tradebook bots delete {Quoted(remedy.Subject)}` deletes it",
            RemedyKind.CreateDatabase => "check the path, or create it with `tradebook init`",
            RemedyKind.MigrateSchema => "run `tradebook migrate` (`tradebook init` on a new database)",
            RemedyKind.MigrateUp => $"use `tradebook migrate --to {remedy.Subject}` to go up",
            RemedyKind.MigrateDown => $"use `tradebook migrate down --to {remedy.Subject}` to go down",
            RemedyKind.BaselineAnyway => "use --force to baseline anyway",
            RemedyKind.ShowDrift => "run `tradebook migrate drift` on that database",
            RemedyKind.ChooseOwnDatabase => "name Tradebook's own or a new one with --db (a Tradebook schema made without migrations is adopted with `tradebook migrate baseline`)",
            RemedyKind.ChooseConversionTarget => "give --to a new path or an empty database",
            RemedyKind.CheckForDamage => $"`tradebook doctor {Quoted(remedy.Subject)}` says what is damaged",
            RemedyKind.OpenDatabaseAgain => $"`tradebook doctor {Quoted(remedy.Subject)}` checks the file now at that path; run the command again to use it",
            RemedyKind.ForceRestore => "if it is damaged, restore with --force (the damaged file is kept beside it)",
            RemedyKind.BackUpThenForceRestore => "back it up first with `tradebook backup`, then restore with --force",
            RemedyKind.ChooseSourceFormat => $"force a reader with --format ({remedy.Subject})",
            RemedyKind.ChooseBotName => "import it under another name with --bot",
            RemedyKind.ConsolidateFolder => $"`tradebook import {Quoted(remedy.Subject)}` finds every copy in the folder by content and consolidates them into one Tradebook "
                + "database (rows matched by key, each conflict reported, the most recent copy winning), skipping what is not a database",
            _ => throw new ArgumentOutOfRangeException(nameof(remedy), remedy.Kind, "a remedy this front end cannot word"),
        };
    }

    // A shell word: names with spaces or quotes are quoted, so that the command can be pasted as it is.
    private static string Quoted(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':')
            ? value
            : $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}
