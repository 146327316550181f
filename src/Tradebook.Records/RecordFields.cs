using Tradebook.Core.Text;

namespace Tradebook.Records;

/// <summary>
/// The fields each kind of record may carry. A field outside its kind's list is refused, naming the
/// nearest known one: a fill written with <c>"fees"</c> instead of <c>"fee"</c> must not be stored without
/// its fee. Two spellings of one field (<c>qty</c> and <c>quantity</c>) may not both be given.
/// </summary>
internal static class RecordFields
{
    private static readonly string[] ProvenanceFields = ["source", "source_ref", "bot_version", "strategy_version"];

    private static readonly Dictionary<RecordKind, string[]> Known = new()
    {
        [RecordKind.Fill] = ["kind", "id", "bot", "symbol", "side", "qty", "quantity", "price", "fee", "fee_currency", "fee_rate", "ts", "timestamp", "order_id", .. ProvenanceFields],
        [RecordKind.Order] = ["kind", "id", "bot", "symbol", "side", "type", "qty", "quantity", "price", "status", "ts", "timestamp", "exchange_order_id", "decision_id", .. ProvenanceFields],
        [RecordKind.Decision] = ["kind", "id", "bot", "ts", "timestamp", "inputs", "prompt", "decision", "notes", "outcome", "signal_ids", "model", "provider", "prompt_tokens", "response_tokens", "latency_ms", "cost", .. ProvenanceFields],
        [RecordKind.Signal] = ["kind", "id", "bot", "symbol", "ts", "timestamp", "signal", "strength", "price", "payload", .. ProvenanceFields],
        [RecordKind.Snapshot] = ["kind", "bot", "ts", "timestamp", "equity", "cash", "currency", .. ProvenanceFields],
        [RecordKind.CashFlow] = ["kind", "id", "bot", "type", "flow", "amount", "currency", "ts", "timestamp", "symbol", .. ProvenanceFields],
        [RecordKind.PriceBar] = ["kind", "symbol", "interval", "ts", "timestamp", "open", "high", "low", "close", "volume"],
        [RecordKind.FxRate] = ["kind", "base", "quote", "ts", "timestamp", "rate"],
        [RecordKind.Setting] = ["kind", "scope", "key", "value"],
    };

    /// <summary>Spellings of one field; a record gives at most one of each group.</summary>
    private static readonly string[][] Aliases = [["qty", "quantity"], ["ts", "timestamp"], ["inputs", "prompt"], ["type", "flow"]];

    public static IReadOnlyList<string> For(RecordKind kind) => Known[kind];

    public static bool IsKnown(RecordKind kind, string name) => Array.IndexOf(Known[kind], name) >= 0;

    /// <summary>The other spelling of <paramref name="name"/> that the record also gives, if any.</summary>
    public static string? OtherSpellingPresent(RecordKind kind, string name, Func<string, bool> present)
    {
        foreach (var group in Aliases)
        {
            if (Array.IndexOf(group, name) >= 0)
            {
                return group.FirstOrDefault(other => other != name && IsKnown(kind, other) && present(other));
            }
        }

        return null;
    }

    /// <summary>The known field of <paramref name="kind"/> nearest to <paramref name="name"/> by edit distance, ignoring case.</summary>
    public static string Nearest(RecordKind kind, string name) => NearestName.Of(name, Known[kind]);
}
