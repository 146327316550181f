using System.Text.Json;
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
        [RecordKind.Fill] = ["kind", "id", "bot", "symbol", "side", "qty", "quantity", "price", "fee", "fee_currency", "fee_rate", "ts", "timestamp", "order_id", "exchange_order_id", .. ProvenanceFields],
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

    /// <summary>
    /// What other tools call a field, in the order a kind is tried: an exchange's <c>amount</c> is a fill's
    /// <c>qty</c>, a snapshot's <c>balance</c> its <c>equity</c>. By spelling alone <c>amount</c> is nearest to
    /// <c>bot</c>, and the hint would mislead.
    /// </summary>
    private static readonly Dictionary<string, string[]> OtherNames = new(StringComparer.Ordinal)
    {
        ["amount"] = ["qty"], ["size"] = ["qty"], ["volume"] = ["qty"], ["filled"] = ["qty"], ["filled_qty"] = ["qty"], ["executed_qty"] = ["qty"],
        ["commission"] = ["fee"], ["fee_amount"] = ["fee"], ["commission_asset"] = ["fee_currency"], ["fee_asset"] = ["fee_currency"], ["fee_coin"] = ["fee_currency"],
        ["pair"] = ["symbol"], ["market"] = ["symbol"], ["instrument"] = ["symbol"], ["ticker"] = ["symbol"], ["product"] = ["symbol"], ["asset"] = ["symbol"],
        ["time"] = ["ts"], ["date"] = ["ts"], ["datetime"] = ["ts"], ["created_at"] = ["ts"], ["executed_at"] = ["ts"], ["filled_at"] = ["ts"], ["open_time"] = ["ts"],
        ["trade_id"] = ["id"], ["fill_id"] = ["id"], ["exec_id"] = ["id"], ["execution_id"] = ["id"], ["client_order_id"] = ["order_id", "id"],
        ["direction"] = ["side"], ["action"] = ["side", "decision"], ["order_type"] = ["type"], ["state"] = ["status"],
        ["bot_id"] = ["bot"], ["bot_name"] = ["bot"],
        ["name"] = ["signal"], ["value"] = ["strength", "rate", "equity"], ["score"] = ["strength"], ["confidence"] = ["strength"],
        ["balance"] = ["equity"], ["nav"] = ["equity"], ["total_equity"] = ["equity"],
        ["reason"] = ["notes"], ["reasoning"] = ["notes"], ["rationale"] = ["notes"], ["explanation"] = ["notes"],
        ["input"] = ["inputs"], ["response"] = ["decision"], ["output"] = ["decision"], ["completion"] = ["decision"],
        ["input_tokens"] = ["prompt_tokens"], ["output_tokens"] = ["response_tokens"], ["completion_tokens"] = ["response_tokens"],
    };

    /// <summary>
    /// The known field of <paramref name="kind"/> that <paramref name="name"/> most likely means: the same name in
    /// snake case (<c>feeCurrency</c>), what other tools call it (<c>commission</c>), or the nearest spelling
    /// (<c>fees</c>); null when none is near.
    /// </summary>
    public static string? Meant(RecordKind kind, string name)
    {
        var snake = JsonNamingPolicy.SnakeCaseLower.ConvertName(name.Replace('-', '_').Replace(' ', '_'));
        return IsKnown(kind, snake) ? snake
            : OtherNames.TryGetValue(snake, out var candidates) && candidates.FirstOrDefault(c => IsKnown(kind, c)) is { } meant ? meant
            : NearestName.Of(name, Known[kind]);
    }
}
