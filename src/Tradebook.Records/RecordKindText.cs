using Tradebook.Core;

namespace Tradebook.Records;

/// <summary>The one place where a <see cref="RecordKind"/> becomes text and text becomes a kind.</summary>
public static class RecordKindText
{
    private static readonly (RecordKind Kind, string Text)[] Names =
    [
        (RecordKind.Fill, "fill"),
        (RecordKind.Order, "order"),
        (RecordKind.Decision, "decision"),
        (RecordKind.Signal, "signal"),
        (RecordKind.Snapshot, "snapshot"),
        (RecordKind.CashFlow, "cash_flow"),
        (RecordKind.PriceBar, "price_bar"),
        (RecordKind.FxRate, "fx_rate"),
        (RecordKind.Setting, "setting"),
    ];

    /// <summary>Every kind's text, in the order of the enum: <c>fill, order, …</c>.</summary>
    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Text).ToArray();

    public static string ToText(this RecordKind kind) => Names.First(n => n.Kind == kind).Text;

    /// <summary>
    /// Reads a kind from its singular or plural text, in any case, with '-' for '_' and
    /// <c>cashflow</c> for <c>cash_flow</c>. <paramref name="where"/> names the place in the input.
    /// </summary>
    public static RecordKind Parse(string text, string where)
    {
        var normalized = text.Trim().ToLowerInvariant().Replace('-', '_');
        if (normalized.EndsWith('s'))
        {
            normalized = normalized[..^1];
        }

        if (normalized == "cashflow")
        {
            normalized = "cash_flow";
        }

        foreach (var (kind, name) in Names)
        {
            if (name == normalized)
            {
                return kind;
            }
        }

        throw new TradebookException(ErrorCode.InvalidInput, $"{where}: unknown kind '{Shown.Plain(text)}'; expected one of {string.Join(", ", All)}");
    }
}
