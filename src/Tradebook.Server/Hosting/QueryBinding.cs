using System.Text.RegularExpressions;

namespace Tradebook.Server.Hosting;

/// <summary>
/// A query value the framework could not bind to its parameter's type, told in the API's words: the
/// framework's own message names the C# type ("Nullable&lt;int&gt; limit"), which a bot's author never wrote.
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

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindingFailure();
}
