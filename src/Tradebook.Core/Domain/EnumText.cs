namespace Tradebook.Core.Domain;

/// <summary>
/// The lower-case spelling every enum has in the database, in JSON and on the command line,
/// so that one parser serves them all.
/// </summary>
public static class EnumText
{
    public static string ToText<T>(this T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || int.TryParse(text, out _))
        {
            return false;
        }

        return Enum.TryParse(text.Trim(), ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        TryParse<T>(text, out var value)
            ? value
            : throw new FormatException(
                $"'{text}' is not a valid {typeof(T).Name}; expected one of: {string.Join(", ", Enum.GetValues<T>().Select(v => v.ToText()))}.");
}
