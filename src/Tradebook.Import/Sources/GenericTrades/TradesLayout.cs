using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>Where the trades are: the table, the column of each role, how rows are named, and the bots table if any.</summary>
/// <param name="RowRef">The column that names a row in messages (<c>id</c>, <c>rowid</c>), or null to count rows.</param>
internal sealed record TradesLayout(
    TableSchema Table,
    IReadOnlyDictionary<TradeRole, string> Columns,
    string? RowRef,
    BotsLayout? Bots)
{
    public string? this[TradeRole role] => Columns.TryGetValue(role, out var column) ? column : null;

    /// <summary>
    /// Whether the fee column writes a fee paid as a negative amount, as what left the account (OKX's fill history,
    /// Interactive Brokers' reports): each fee is then read with its sign turned, a positive one being a rebate.
    /// </summary>
    public bool FeesPaidNegative { get; init; }

    /// <summary>
    /// What each value of the side column means, where its values are no words: from a mapping file, or 1 and -1
    /// (a direction's sign, as quant code writes it). Null to read the words (buy, sell, long, short...).
    /// </summary>
    public IReadOnlyDictionary<string, Side>? SideValues { get; init; }

    /// <summary>How the time column writes its dates of numbers (<c>02/01/2024</c>); null when it has none.</summary>
    public DateColumn? Dates { get; init; }
}

/// <summary>A table of bots that trades reference by <see cref="IdColumn"/>.</summary>
internal sealed record BotsLayout(
    TableSchema Table,
    string IdColumn,
    string NameColumn,
    string? Strategy,
    string? Parameters,
    string? Exchange,
    string? Mode);
