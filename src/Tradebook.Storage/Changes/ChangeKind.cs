using System.Text.Json;

namespace Tradebook.Storage.Changes;

/// <summary>What a committed change touched. Its text (<c>cash_flow</c>) is the event type on the stream.</summary>
public enum ChangeKind
{
    Bot,
    Heartbeat,
    Fill,
    Order,
    Decision,
    Signal,
    Snapshot,
    CashFlow,
    PriceBar,
    FxRate,
    Setting,
    Import,
    Rollback,
}

/// <summary>The one place where a <see cref="ChangeKind"/> becomes text and back.</summary>
public static class ChangeKindText
{
    private static readonly Dictionary<ChangeKind, string> Texts =
        Enum.GetValues<ChangeKind>().ToDictionary(k => k, k => JsonNamingPolicy.SnakeCaseLower.ConvertName(k.ToString()));

    private static readonly Dictionary<string, ChangeKind> Kinds =
        Texts.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyCollection<string> All => Texts.Values;

    public static string ToText(this ChangeKind kind) => Texts[kind];

    public static bool TryParse(string? text, out ChangeKind kind) => Kinds.TryGetValue(text?.Trim() ?? string.Empty, out kind);
}
