using Tradebook.Core;

namespace Tradebook.Server.Hosting;

/// <summary>
/// A library's remedy worded for an API client: as the API call that carries it out, or, when only the
/// server's operator can, as what the operator has to do. An API client has no command line.
/// </summary>
public static class RemedyText
{
    /// <summary>The failure's message, followed by its remedy in the API's terms when it has one.</summary>
    public static string Of(TradebookException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Remedy.Append(error.Message, error.Remedy is { } remedy ? Call(remedy) : null);
    }

    public static string Call(Remedy remedy)
    {
        ArgumentNullException.ThrowIfNull(remedy);
        return remedy.Kind switch
        {
            RemedyKind.AddBot => "add it first with POST /api/v1/bots (GET /api/v1/bots lists the bots)",
            RemedyKind.ListBots => "GET /api/v1/bots lists the bots",
            RemedyKind.ArchiveBot => $"archive it first with POST /api/v1/bots/{Uri.EscapeDataString(remedy.Subject)}/archive, then delete it",
            RemedyKind.CreateDatabase => "the server's operator has to create the database, or start the server on the right one",
            RemedyKind.MigrateSchema or RemedyKind.MigrateUp or RemedyKind.MigrateDown or RemedyKind.BaselineAnyway or RemedyKind.ShowDrift
                => "the server's operator has to migrate its database to this Tradebook's schema",
            RemedyKind.ChooseOwnDatabase or RemedyKind.ChooseConversionTarget
                => "the server's operator has to start it on Tradebook's own database",
            RemedyKind.CheckForDamage or RemedyKind.ForceRestore or RemedyKind.BackUpThenForceRestore
                => "the server's operator has to check its database for damage and restore a backup",
            RemedyKind.OpenDatabaseAgain
                => "the server's operator has to restart the server, which then opens the file now at that path (after checking it for damage)",
            RemedyKind.ChooseSourceFormat or RemedyKind.ChooseBotName or RemedyKind.ConsolidateFolder
                => "importing another program's data is done on the server's machine, not through the API",
            _ => throw new ArgumentOutOfRangeException(nameof(remedy), remedy.Kind, "a remedy this front end cannot word"),
        };
    }
}
