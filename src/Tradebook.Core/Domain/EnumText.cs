using System.Text.Json;

namespace Tradebook.Core.Domain;

/// <summary>
/// The lower-case spelling every enum has in the database, in JSON and on the command line,
/// so that one parser serves them all.
/// </summary>
public static class EnumText
{
    public static string ToText<T>(this T value)
        where T : struct, Enum => Names<T>.Text(value);

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;

        // Only one defined name matches. Enum.TryParse also took numbers and comma lists, reading
        // "buy,sell" as the flags 0 | 1, that is Sell.
        return !string.IsNullOrWhiteSpace(text) && Names<T>.Values.TryGetValue(text.Trim(), out value);
    }

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw new FormatException(
                $"'{text}' is not a valid {typeof(T).Name}; expected one of: {string.Join(", ", Enum.GetValues<T>().Select(v => v.ToText()))}.");

    /// <summary>
    /// Each defined value's text, made once per enum: writers call <see cref="ToText{T}"/> for every row,
    /// and readers parse a stored value for every row. A name of several words is written in snake case
    /// (<c>RolledBack</c> as <c>rolled_back</c>); the name itself is read as well.
    /// </summary>
    private static class Names<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Known =
            Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        public static readonly Dictionary<string, T> Values = Read();

        public static string Text(T value) => Known.TryGetValue(value, out var text) ? text : value.ToString().ToLowerInvariant();

        private static Dictionary<string, T> Read()
        {
            var values = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
            foreach (var (value, text) in Known)
            {
                values[text] = value;
                values.TryAdd(value.ToString(), value);
            }

            return values;
        }
    }
}
