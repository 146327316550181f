using System.Text.RegularExpressions;

namespace Tradebook.Server.Hosting;

/// <summary>
/// A value the framework could not bind, told in the API's words: the framework's own message names the C# type
/// ("Nullable&lt;int&gt; limit") or its inference ("Implicit body inferred"), which a bot's author never wrote.
/// </summary>
internal static partial class QueryBinding
{
    /// <summary>What was wrong, or null when <paramref name="message"/> is not a binding failure.</summary>
    public static string? Explain(string message)
    {
        var match = BindingFailure().Match(message);
        if (!match.Success)
        {
            return null;
        }

        var type = match.Groups["type"].Value;
        var expected = type switch
        {
            _ when type.Contains("int", StringComparison.OrdinalIgnoreCase) || type.Contains("long", StringComparison.OrdinalIgnoreCase) => "a whole number",
            _ when type.Contains("bool", StringComparison.OrdinalIgnoreCase) => "true or false",
            _ when type.Contains("decimal", StringComparison.OrdinalIgnoreCase) || type.Contains("double", StringComparison.OrdinalIgnoreCase) => "a number",
            _ => "a value this parameter takes",
        };
        return $"{match.Groups["name"].Value} '{match.Groups["value"].Value}' is not {expected}";
    }

    /// <summary>Whether <paramref name="message"/> is the framework's "no body was sent" for an endpoint that takes a typed body.</summary>
    public static bool IsMissingBody(string message) =>
        message.StartsWith("Implicit body inferred for parameter", StringComparison.Ordinal)
        || (message.StartsWith("Required parameter", StringComparison.Ordinal) && message.EndsWith("was not provided from body.", StringComparison.Ordinal));

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindingFailure();
}
