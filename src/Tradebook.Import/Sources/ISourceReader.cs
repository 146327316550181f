namespace Tradebook.Import.Sources;

/// <summary>Reads one kind of legacy source into an <see cref="ImportSet"/>. Recognises its sources by content, never by name.</summary>
public interface ISourceReader
{
    /// <summary>The name of the format, as given to <c>--format</c>.</summary>
    string Format { get; }

    /// <summary>True when <paramref name="path"/> holds data in this reader's format.</summary>
    bool CanRead(string path);

    ImportSet Read(string path, ImportOptions options);
}

/// <summary>
/// A reader that can hand each fill to a <see cref="Writing.FillStream"/> as soon as it is read, so that a
/// large source is written while it is still being read (see <see cref="Writing.ImportWriter"/>).
/// </summary>
public interface IStreamingSourceReader : ISourceReader
{
    /// <summary>
    /// Reads as <see cref="ISourceReader.Read"/> does, but hands each accepted fill to <paramref name="stream"/>
    /// instead of keeping it (<see cref="Writing.FillStream.Add(Tradebook.Core.Domain.FillRecord, ImportSet, bool)"/>), and its orders and stored trades likewise, and flushes the stream at the end of the read.
    /// </summary>
    ImportSet Read(string path, ImportOptions options, Writing.FillStream stream);
}

/// <summary>Options that change how sources are read.</summary>
/// <param name="Mode">Forces the mode of every bot created; otherwise the source decides (dry-run is paper).</param>
/// <param name="MappingFile">Column mapping for generic trade tables, overriding detection.</param>
/// <param name="TestRules">The owner's rules that route rows into test mode.</param>
/// <param name="BotName">Names the bot (or prefixes the bots) created from the source, instead of the name derived from its content.</param>
/// <param name="DateOrder">How the source's dates of numbers (<c>02/01/2024</c>) are read, instead of the order their values show.</param>
public sealed record ImportOptions(
    Tradebook.Core.Domain.BotMode? Mode = null,
    string? MappingFile = null,
    TestDataRules? TestRules = null,
    string? BotName = null,
    DateOrder? DateOrder = null,
    bool Backtests = false);

/// <summary>
/// Rules that mark rows as test data. Defaults follow a common owner's convention: symbols that start
/// with TEST, quantities of zero or above a ceiling, prices above a ceiling.
/// </summary>
public sealed record TestDataRules(
    IReadOnlyList<string> SymbolPrefixes,
    decimal? MaxQuantity,
    decimal? MaxPrice,
    bool ZeroQuantityIsTest)
{
    public static readonly TestDataRules Default = new(["TEST"], 1000m, 200000m, true);

    public bool IsTestSymbol(string? symbol) =>
        symbol is not null && SymbolPrefixes.Any(p => symbol.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    public bool IsTestTrade(string? symbol, decimal quantity, decimal? price) =>
        IsTestSymbol(symbol)
        || (ZeroQuantityIsTest && quantity == 0)
        || (MaxQuantity is { } q && quantity > q)
        || (MaxPrice is { } p && price > p);
}
