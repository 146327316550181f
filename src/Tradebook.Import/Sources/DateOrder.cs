namespace Tradebook.Import.Sources;

/// <summary>
/// Which number comes first in a date written with numbers only (<c>02/01/2024</c>, <c>02.01.2024</c>): the month,
/// as in the United States, or the day, as in most of the world.
/// </summary>
public enum DateOrder
{
    MonthFirst,
    DayFirst,
}
