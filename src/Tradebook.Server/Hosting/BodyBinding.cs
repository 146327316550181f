using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tradebook.Server.Hosting;

/// <summary>
/// A typed body (a bot added, changed or beating) the framework could not read, told in the API's words:
/// System.Text.Json's own message names C# types ("could not be converted to Tradebook.Server.Api.BotInput") and a
/// JSON path, which a bot's author in Python or Go never wrote. The answer names the field, what it takes and where.
/// </summary>
internal static partial class BodyBinding
{
    /// <summary>What was wrong with a body of <paramref name="bodyType"/> (null when unknown), named as <paramref name="options"/> name its fields.</summary>
    public static string Explain(JsonException error, Type? bodyType, JsonSerializerOptions options)
    {
        var where = error.LineNumber is { } line ? $" (line {line + 1}, byte {error.BytePositionInLine + 1})" : string.Empty;
        var fields = bodyType is null ? [] : Fields(bodyType, options).Select(f => f.Name).ToList();
        var takes = fields.Count == 0 ? string.Empty : $"; it takes {string.Join(", ", fields)}";
        if (UnmappedMember().Match(error.Message) is { Success: true } unknown)
        {
            return $"'{unknown.Groups["name"].Value}' is not a field of this body{takes}";
        }

        if (DuplicateMember().Match(error.Message) is { Success: true } twice)
        {
            return $"'{twice.Groups["name"].Value}' is given twice in the body{where}";
        }

        if (error.InnerException is JsonException)
        {
            // The reader's own failure: the text is not JSON at all.
            return $"the body is not valid JSON{where}";
        }

        var path = FieldPath(error.Path);
        if (path is null)
        {
            return $"the body must be a JSON object{where}{takes}";
        }

        // A converter of the API's own (PlainTextConverter) says itself what is wrong; the serializer's generic words do not.
        return error.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? $"'{path}' must be {Expected(bodyType is null ? null : FieldType(bodyType, path, options))}{where}"
            : $"'{path}': {error.Message}{where}";
    }

    private static string Expected(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "a value this field takes",
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)),
            _ when type == typeof(string) => "text",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(decimal) || type == typeof(double) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "an ISO-8601 time (2026-12-01T10:00:00Z)",
            _ => "a value this field takes",
        };
    }

    /// <summary>The field a path such as <c>$.mode</c> or <c>$.config.fast</c> names, or null for the body itself.</summary>
    private static string? FieldPath(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The type of the field <paramref name="path"/> names in <paramref name="type"/>, following nested objects.</summary>
    private static Type? FieldType(Type type, string path, JsonSerializerOptions options)
    {
        Type? current = type;
        foreach (var name in path.Split('.'))
        {
            current = current is null ? null : Fields(Nullable.GetUnderlyingType(current) ?? current, options).FirstOrDefault(f => f.Name == name).Type;
        }

        return current;
    }

    private static IEnumerable<(string Name, Type Type)> Fields(Type type, JsonSerializerOptions options) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => (options.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name, p.PropertyType));

    [GeneratedRegex("^The JSON property '(?<name>.*)' could not be mapped to any .NET member", RegexOptions.Singleline)]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("^Duplicate property '(?<name>.*)' encountered", RegexOptions.Singleline)]
    private static partial Regex DuplicateMember();
}
