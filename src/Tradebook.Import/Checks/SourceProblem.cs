namespace Tradebook.Import.Checks;

/// <summary>What is impossible or degraded about rows of a source.</summary>
public enum SourceProblemKind
{
    /// <summary>A trade's exits add up to more than its entries (e.g. one trade exited twice in full).</summary>
    ExitsBeyondEntries,

    /// <summary>Sells of a spot product take its position below zero: coins sold that the source never shows bought.</summary>
    SoldMoreThanHeld,

    /// <summary>Fills at a price of zero.</summary>
    ZeroPrice,

    /// <summary>Fills of no quantity.</summary>
    ZeroQuantity,

    /// <summary>A quantity a million times or more the product's usual fill: a unit or scaling error.</summary>
    ImplausibleQuantity,

    /// <summary>Fills dated outside the years 1900 to 2199 (<see cref="Core.Domain.TradingTime"/>): a time never set, or a unit slip.</summary>
    ImplausibleTime,
}

/// <summary>
/// Rows of one bot and product that cannot all be right, named so that nobody mistakes the P&amp;L computed
/// from them for what the bot made.
/// </summary>
/// <param name="Rows">How many rows of the source the problem concerns.</param>
/// <param name="References">Where the rows are in the source (up to <see cref="SourceChecks.MaxReferences"/>).</param>
/// <param name="Detail">What was found and, when known, why.</param>
public sealed record SourceProblem(
    SourceProblemKind Kind,
    string Bot,
    string Symbol,
    int Rows,
    IReadOnlyList<string> References,
    string Detail);
