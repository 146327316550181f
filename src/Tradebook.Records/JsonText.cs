using System.Text.Json;
using Tradebook.Core;

namespace Tradebook.Records;

/// <summary>
/// Checks on a parsed JSON value that <see cref="JsonDocument"/> lets through: a key given twice in one
/// object (the document keeps both and a reader takes one of them: the other is lost), and a string that
/// holds a lone surrogate escape (<c>"\ud800"</c>), which is no Unicode text and cannot be stored as such, or U+0000,
/// which SQLite would keep and PostgreSQL cannot: a store moved onto PostgreSQL would fail on it.
/// </summary>
internal static class JsonText
{
    public static void Check(JsonElement element, string where, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var name = PropertyName(property, where, path);
                    if (!names.Add(name))
                    {
                        throw new TradebookException(ErrorCode.InvalidInput, $"{where}: {Shown.Quoted(Join(path, name))} is given twice in one object; give each field once; nothing was written");
                    }

                    Check(property.Value, where, Join(path, name));
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, where, $"{path}[{i++}]");
                }

                break;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException)
                {
                    throw new TradebookException(ErrorCode.InvalidInput, $"{where}: {Shown.Quoted(path)} holds a lone surrogate escape (such as \\ud800), which is not Unicode text; nothing was written");
                }

                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    throw new TradebookException(ErrorCode.InvalidInput, $"{where}: {Shown.Quoted(path)} holds U+0000 (NUL), which a database cannot keep as text (PostgreSQL refuses it); nothing was written");
                }

                break;
        }
    }

    private static string PropertyName(JsonProperty property, string where, string path)
    {
        string name;
        try
        {
            name = property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{where}: a field name{(path.Length > 0 ? $" in {Shown.Quoted(path)}" : string.Empty)} holds a lone surrogate escape (such as \\ud800), which is not Unicode text; nothing was written");
        }

        return name.Contains('\0', StringComparison.Ordinal)
            ? throw new TradebookException(ErrorCode.InvalidInput, $"{where}: a field name{(path.Length > 0 ? $" in {Shown.Quoted(path)}" : string.Empty)} holds U+0000 (NUL), which a database cannot keep as text; nothing was written")
            : name;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
