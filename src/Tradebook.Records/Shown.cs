using System.Text;

namespace Tradebook.Records;

/// <summary>
/// Input text as an error message shows it: on one line (control characters escaped), and cut short, so
/// that a hostile value cannot break the one-line error or flood the terminal.
/// </summary>
internal static class Shown
{
    private const int MaxLength = 60;

    /// <summary>A field name or value in double quotes, as in JSON.</summary>
    public static string Quoted(string text) => $"\"{Plain(text)}\"";

    /// <summary>The text with control characters escaped and anything past 60 characters cut to "…".</summary>
    public static string Plain(string text) =>
        text.Length > MaxLength ? OneLine(text[..MaxLength]) + "…" : OneLine(text);

    /// <summary>The text with control characters (and any lone surrogate) escaped, whole.</summary>
    public static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c))
            {
                builder.Append($"\\u{(int)c:x4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
