namespace Tradebook.Core;

/// <summary>
/// What a user can do about a failure, as a value: the library says what is wrong and which remedy applies,
/// and each front end words it as its own command or call (the CLI as <c>tradebook …</c>, the server as an
/// API call or a word to its operator). Each front end's tests word every kind.
/// </summary>
public enum RemedyKind
{
    /// <summary>Add the bot named by <see cref="Remedy.Subject"/>.</summary>
    AddBot,

    /// <summary>See which bots exist: a read named one that does not.</summary>
    ListBots,

    /// <summary>Archive the bot named by <see cref="Remedy.Subject"/> first: only an archived bot is deleted through the API.</summary>
    ArchiveBot,

    /// <summary>Create the database (it does not exist).</summary>
    CreateDatabase,

    /// <summary>Create Tradebook's schema in the database, or bring it to the latest version.</summary>
    MigrateSchema,

    /// <summary>Migrate up to the version in <see cref="Remedy.Subject"/>.</summary>
    MigrateUp,

    /// <summary>Migrate down to the version in <see cref="Remedy.Subject"/>.</summary>
    MigrateDown,

    /// <summary>Adopt a schema made without migrations anyway, though it differs from the migration's.</summary>
    BaselineAnyway,

    /// <summary>Compare the schema with Tradebook's migrations, table by table.</summary>
    ShowDrift,

    /// <summary>Name another database: this one belongs to another program.</summary>
    ChooseOwnDatabase,

    /// <summary>Name another database to convert into: this one is the source, or is not empty.</summary>
    ChooseConversionTarget,

    /// <summary>Check the database or folder at <see cref="Remedy.Subject"/> for damage.</summary>
    CheckForDamage,

    /// <summary>Open the database at <see cref="Remedy.Subject"/> again: the file this process had open is no longer the one at that path.</summary>
    OpenDatabaseAgain,

    /// <summary>Restore anyway: the database cannot be read (the damaged file is kept beside it).</summary>
    ForceRestore,

    /// <summary>Back the database up first, then restore anyway.</summary>
    BackUpThenForceRestore,

    /// <summary>Name the source's format; <see cref="Remedy.Subject"/> lists the formats.</summary>
    ChooseSourceFormat,

    /// <summary>Import the source's bot under another name.</summary>
    ChooseBotName,

    /// <summary>Import the folder at <see cref="Remedy.Subject"/> as one database, consolidating its copies.</summary>
    ConsolidateFolder,
}

/// <summary>A remedy and the value it is about (a bot's name, a version, a path), or empty.</summary>
public sealed record Remedy(RemedyKind Kind, string Subject = "")
{
    public static Remedy AddBot(string bot) => new(RemedyKind.AddBot, bot);

    public static Remedy ListBots() => new(RemedyKind.ListBots);

    public static Remedy ArchiveBot(string bot) => new(RemedyKind.ArchiveBot, bot);

    public static Remedy CheckForDamage(string path) => new(RemedyKind.CheckForDamage, path);

    /// <summary>The message followed by the remedy as a front end words it, or the message alone.</summary>
    public static string Append(string message, string? remedy) =>
        string.IsNullOrEmpty(remedy) ? message : $"{message}; {remedy}";
}
