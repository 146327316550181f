using System.Globalization;
using System.Text.RegularExpressions;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources;

/// <summary>
/// Dates written with numbers only, <c>02/01/2024 10:00</c> or <c>13.01.2024 10:00:00</c>: their order is
/// the column's, found from its values (<see cref="Detect"/>), never guessed row by row. Before, the general
/// parser read every such date month first, so a European file had its early days' trades put in other months
/// and its later days' refused.
/// </summary>
internal static partial class NumericDates
{
    private static readonly string[] Times = ["", " H:mm", " H:mm:ss", " H:mm:ss.FFFFFFF", " h:mm tt", " h:mm:ss tt"];

    // A year of two digits only after a slash or a point: 24-01-02 is a short ISO date, year first.
    private static readonly string[] MonthFirst = [.. Formats("M{0}d{0}yyyy", "'/'", "'.'", "'-'"), .. Formats("M{0}d{0}yy", "'/'", "'.'")];

    private static readonly string[] DayFirst = [.. Formats("d{0}M{0}yyyy", "'/'", "'.'", "'-'"), .. Formats("d{0}M{0}yy", "'/'", "'.'")];

    /// <summary>
    /// How <paramref name="values"/> write their dates of numbers: day first where a first number above 12 shows it
    /// (and no second one does), month first where a second number does; dates that never tell (every number 12 or
    /// less) are day first when written with points (a German or Swiss date) and month first otherwise, the order
    /// then assumed. Null when no value is such a date; an order of null when some show each order.
    /// </summary>
    public static DateColumn? Detect(IEnumerable<string> values)
    {
        bool dates = false, dayFirst = false, monthFirst = false, points = false;
        foreach (var value in values)
        {
            var match = Date().Match(value);
            if (!match.Success)
            {
                continue;
            }

            dates = true;
            dayFirst |= int.Parse(match.Groups["a"].ValueSpan, CultureInfo.InvariantCulture) > 12;
            monthFirst |= int.Parse(match.Groups["b"].ValueSpan, CultureInfo.InvariantCulture) > 12;
            points |= match.Groups["sep"].Value == ".";
        }

        return !dates ? null
            : dayFirst && monthFirst ? new DateColumn(null, Assumed: false)
            : dayFirst ? new DateColumn(DateOrder.DayFirst, Assumed: false)
            : monthFirst ? new DateColumn(DateOrder.MonthFirst, Assumed: false)
            : new DateColumn(points ? DateOrder.DayFirst : DateOrder.MonthFirst, Assumed: true);
    }

    /// <summary>
    /// What the user is told of a column's <paramref name="dates"/>, where <paramref name="written"/> says what wrote them
    /// (<c>Table "trades" writes dates such as 02/01/2024 in time</c>): how they were read when nothing showed it, or that
    /// none was read when they show both orders, and how to say which (<c>--date-order</c>, or a mapping file's
    /// <c>"date_order"</c> when <paramref name="mappingFile"/>). Null when the dates showed their order or were told it.
    /// </summary>
    public static string? Warning(DateColumn? dates, string written, bool mappingFile)
    {
        string Say(string order) => $"--date-order {order}{(mappingFile ? $" (or \"date_order\": \"{order}\" in a mapping file)" : "")}";
        return dates switch
        {
            { Order: { } order, Assumed: true } =>
                $"{written} and none shows which number is the day: they are read {(order == DateOrder.DayFirst ? "day first (2 January)" : "month first (February 1)")}. "
                + $"Import with {Say((order == DateOrder.DayFirst ? DateOrder.MonthFirst : DateOrder.DayFirst).ToText())} to read them the other way.",
            { Order: null } =>
                $"{written} both day first and month first: none of them is read. Import with {Say("day_first")} or month_first to say which.",
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="text"/> starts with a date of numbers.</summary>
    public static bool IsDate(ReadOnlySpan<char> text) => Date().IsMatch(text);

    /// <summary>A date of numbers in <paramref name="order"/>, with a time or none, as UTC.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, DateOrder order, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text, order == DateOrder.DayFirst ? DayFirst : MonthFirst, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowInnerWhite, out time);

    private static string[] Formats(string date, params string[] separators) =>
        [.. separators.SelectMany(separator => Times.Select(t => string.Format(CultureInfo.InvariantCulture, date, separator) + t))];

    // A year of four digits, or of two after a slash or a point (02/01/24: 2000 to 2049, then 1950 to 1999).
    [GeneratedRegex(@"^\s*(?<a>\d{1,2})(?<sep>[./-])(?<b>\d{1,2})\k<sep>\d{4}(?!\d)|^\s*(?<a>\d{1,2})(?<sep>[./])(?<b>\d{1,2})\k<sep>\d{2}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Date();
}

/// <summary>
/// How a time column writes its dates of numbers: <see cref="Order"/> (null when its values show both orders, so
/// that none is read), and whether nothing showed it and it was <see cref="Assumed"/>.
/// </summary>
internal sealed record DateColumn(DateOrder? Order, bool Assumed);
