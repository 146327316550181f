using System.Text.Json;
using Tradebook.Core;

namespace Tradebook.Records;

/// <summary>
/// Checks on a parsed JSON value that <see cref="JsonDocument"/> lets through: a key given twice in one
/// object (the document keeps both and a reader takes one of them: the other is lost), and a string that
/// holds a lone surrogate escape (<c>"\ud800"</c>), which is no Unicode text and cannot be stored as such.
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
                try
                {
                    _ = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw new TradebookException(ErrorCode.InvalidInput, $"{where}: {Shown.Quoted(path)} holds a lone surrogate escape (such as \\ud800), which is not Unicode text; nothing was written");
                }

                break;
        }
    }

    private static string PropertyName(JsonProperty property, string where, string path)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{where}: a field name{(path.Length > 0 ? $" in {Shown.Quoted(path)}" : string.Empty)} holds a lone surrogate escape (such as \\ud800), which is not Unicode text; nothing was written");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
