namespace Tradebook.Core.Accounting;

/// <summary>What a cash flow attributed to a product did to its book, its open position and its day.</summary>
/// <param name="Book">The book after the flow.</param>
/// <param name="CountedInPosition">True when a position was open: the flow is part of that position's P&amp;L.</param>
/// <param name="Day">The UTC day the flow counts in (<see cref="DayTotals.DayOf"/>).</param>
/// <param name="DayChange">What the flow adds to that day: its amount, realized.</param>
public readonly record struct CashFlowOutcome(ProductBook Book, bool CountedInPosition, DateOnly Day, DayTotals DayChange);
