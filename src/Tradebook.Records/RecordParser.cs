using System.Globalization;
using System.Text.Json;
using Tradebook.Core.Domain;
using Tradebook.Storage;
using Tradebook.Storage.Ledger;

namespace Tradebook.Records;

/// <summary>
/// Reads what <c>tradebook record</c> accepts: JSON Lines (one object a line), a JSON array of
/// objects, or a JSON object with arrays per kind (<c>{"fills": [...], "orders": [...]}</c>).
/// An object's kind comes from its <c>"kind"</c> field, else from the array it sits in, else from
/// the caller's default kind. The whole input is read and checked before anything is written, so a bad line
/// costs nothing but an error naming it. See docs/record-format.md.
/// </summary>
public static class RecordParser
{
    /// <summary>
    /// Reads and checks a whole input; <paramref name="sourceName"/> names it in errors. With a
    /// <paramref name="bot"/> (an HTTP request for one bot), records may leave out their <c>"bot"</c>,
    /// and one that names another bot is refused.
    /// </summary>
    public static LedgerBatch Parse(TextReader reader, string sourceName, RecordKind defaultKind, string? bot = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = reader.ReadToEnd();
        var builder = new BatchBuilder(bot);
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('[') || (trimmed.StartsWith('{') && LooksLikeSingleDocument(text)))
        {
            ParseDocument(text, sourceName, defaultKind, builder);
        }
        else
        {
            ParseLines(text, sourceName, defaultKind, builder);
        }

        return builder.Build();
    }

    // A JSON Lines file also starts with '{': it is one document only if it parses as one.
    private static bool LooksLikeSingleDocument(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void ParseDocument(string text, string source, RecordKind defaultKind, BatchBuilder builder)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{source}: malformed JSON at line {e.LineNumber + 1}: {FirstSentence(e.Message)}; nothing was written");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in root.EnumerateArray())
                {
                    builder.Add(item, $"{source} item {++i}", defaultKind);
                }
            }
            else if (root.ValueKind == JsonValueKind.Object && root.EnumerateObject().All(p => p.Value.ValueKind is JsonValueKind.Array or JsonValueKind.Object))
            {
                // Records grouped by kind; a group of one may be the object itself, as a bot turn's
                // "decision" and "snapshot" are. A single record always has a field that is neither.
                foreach (var group in root.EnumerateObject())
                {
                    var kind = RecordKindText.Parse(group.Name, $"{source} \"{group.Name}\"");
                    if (group.Value.ValueKind == JsonValueKind.Object)
                    {
                        builder.Add(group.Value, $"{source} {group.Name}", kind);
                        continue;
                    }

                    var i = 0;
                    foreach (var item in group.Value.EnumerateArray())
                    {
                        builder.Add(item, $"{source} {group.Name}[{i++}]", kind);
                    }
                }
            }
            else
            {
                builder.Add(root, source, defaultKind);
            }
        }
    }

    private static void ParseLines(string text, string source, RecordKind defaultKind, BatchBuilder builder)
    {
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                builder.Add(document.RootElement, $"{source} line {lineNumber}", defaultKind);
            }
            catch (JsonException e)
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"{source} line {lineNumber}: malformed JSON: {FirstSentence(e.Message)}; nothing was written");
            }
        }
    }

    private static string FirstSentence(string message) => message.Split(". ")[0].TrimEnd('.');

    private sealed class BatchBuilder(string? bot)
    {
        private readonly List<FillRecord> _fills = [];
        private readonly List<OrderRecord> _orders = [];
        private readonly List<DecisionRecord> _decisions = [];
        private readonly List<SignalRecord> _signals = [];
        private readonly List<SnapshotRecord> _snapshots = [];
        private readonly List<CashFlowRecord> _cashFlows = [];
        private readonly List<PriceBar> _bars = [];
        private readonly List<FxRate> _rates = [];
        private readonly List<Setting> _settings = [];

        public void Add(JsonElement element, string where, RecordKind defaultKind)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"{where}: expected a JSON object, found {element.ValueKind.ToString().ToLowerInvariant()}; nothing was written");
            }

            var o = new JsonFields(element, where, bot);
            var kind = o.OptionalString("kind") is { } k ? RecordKindText.Parse(k, where) : defaultKind;
            switch (kind)
            {
                case RecordKind.Fill:
                    _fills.Add(new FillRecord(o.Bot(), o.String("id"), o.String("symbol"), o.Enum<Side>("side"), o.Decimal("qty", "quantity"), o.Decimal("price"), o.OptionalDecimal("fee") ?? 0m, o.OptionalString("fee_currency"), o.Time("ts", "timestamp"), o.OptionalString("order_id"), o.OptionalDecimal("fee_rate"), o.Provenance()));
                    break;
                case RecordKind.Order:
                    _orders.Add(new OrderRecord(o.Bot(), o.String("id"), o.String("symbol"), o.Enum<Side>("side"), o.OptionalString("type") ?? "limit", o.Decimal("qty", "quantity"), o.OptionalDecimal("price"), o.OptionalString("status") ?? "new", o.Time("ts", "timestamp"), o.OptionalString("exchange_order_id"), o.OptionalString("decision_id"), o.Provenance()));
                    break;
                case RecordKind.Decision:
                    _decisions.Add(new DecisionRecord(o.Bot(), o.String("id"), o.Time("ts", "timestamp"), o.OptionalRaw("inputs") ?? o.OptionalRaw("prompt"), o.Raw("decision"), o.OptionalString("notes"), o.OptionalString("outcome"), o.StringList("signal_ids"), o.Provenance(), o.ModelUsage()));
                    break;
                case RecordKind.Signal:
                    _signals.Add(new SignalRecord(o.Bot(), o.String("id"), o.OptionalString("symbol"), o.Time("ts", "timestamp"), o.String("signal"), o.OptionalDecimal("strength"), o.OptionalDecimal("price"), o.OptionalRaw("payload"), o.Provenance()));
                    break;
                case RecordKind.Snapshot:
                    _snapshots.Add(new SnapshotRecord(o.Bot(), o.Time("ts", "timestamp"), o.Decimal("equity"), o.OptionalDecimal("cash"), o.OptionalString("currency"), o.Provenance()));
                    break;
                case RecordKind.CashFlow:
                    _cashFlows.Add(new CashFlowRecord(o.Bot(), o.String("id"), o.Enum<CashFlowKind>("type", "flow"), o.Decimal("amount"), o.String("currency"), o.Time("ts", "timestamp"), o.OptionalString("symbol"), o.Provenance()));
                    break;
                case RecordKind.PriceBar:
                    _bars.Add(new PriceBar(o.String("symbol"), o.OptionalString("interval") ?? "1d", o.Time("ts", "timestamp"), o.Decimal("open"), o.Decimal("high"), o.Decimal("low"), o.Decimal("close"), o.OptionalDecimal("volume")));
                    break;
                case RecordKind.FxRate:
                    _rates.Add(new FxRate(o.String("base"), o.String("quote"), o.Time("ts", "timestamp"), o.Decimal("rate")));
                    break;
                case RecordKind.Setting:
                    _settings.Add(new Setting(o.OptionalString("scope") ?? "global", o.String("key"), o.Raw("value")));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(defaultKind), kind, "a record kind without a reader");
            }
        }

        // The ledger applies fills in the order it receives them, and average cost, FIFO and round
        // trips depend on that order: a file listed newest first (or merged from several sources) must
        // give the same P&L as one in time order. OrderBy is stable, so fills at the same time keep the
        // input's order.
        public LedgerBatch Build() => new()
        {
            Fills = _fills.OrderBy(f => f.Timestamp).ToList(),
            Orders = _orders,
            Decisions = _decisions,
            Signals = _signals,
            Snapshots = _snapshots,
            CashFlows = _cashFlows,
            PriceBars = _bars,
            FxRates = _rates,
            Settings = _settings,
        };
    }

    /// <summary>Typed access to one input object, with errors that name the line and the field.</summary>
    private sealed class JsonFields(JsonElement element, string where, string? bot)
    {
        /// <summary>The record's bot: its own field, or the one the caller gave, which it may not contradict.</summary>
        public string Bot()
        {
            if (bot is null)
            {
                return String("bot");
            }

            var own = OptionalString("bot");
            return own is null || own == bot
                ? bot
                : throw new TradebookException(ErrorCode.InvalidInput, $"{where}: \"bot\" is '{own}', but this request is for bot '{bot}'; nothing was written");
        }

        public string String(string name) =>
            OptionalString(name) is { Length: > 0 } value ? value : throw Missing(name);

        public string? OptionalString(string name) =>
            Find(name) is { } v ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw Invalid(name, "a string", v),
            } : null;

        public decimal Decimal(params string[] names) =>
            names.Select(OptionalDecimal).FirstOrDefault(d => d is not null) ?? throw Missing(names[0]);

        // Numbers are read from their JSON text, so 0.1 stays 0.1: never through a double.
        public decimal? OptionalDecimal(string name)
        {
            if (Find(name) is not { } v || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var number))
            {
                return number;
            }

            if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }

            throw Invalid(name, "a decimal number", v);
        }

        public T Enum<T>(params string[] names)
            where T : struct, System.Enum
        {
            var name = names.FirstOrDefault(n => Find(n) is not null) ?? names[0];
            var text = OptionalString(name) ?? throw Missing(name);
            return EnumText.TryParse<T>(text, out var value)
                ? value
                : throw new TradebookException(ErrorCode.InvalidInput, $"{where}: \"{name}\" is '{text}'; expected one of {string.Join(", ", System.Enum.GetValues<T>().Select(e => e.ToText()))}; nothing was written");
        }

        public DateTimeOffset Time(params string[] names)
        {
            var name = names.FirstOrDefault(n => Find(n) is not null) ?? throw Missing(names[0]);
            var v = Find(name)!.Value;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var epoch))
            {
                // Seconds or milliseconds since 1970, told apart by size (ms passed 1e11 in 1973).
                return Math.Abs(epoch) >= 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(epoch) : DateTimeOffset.FromUnixTimeSeconds(epoch);
            }

            if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                return time;
            }

            throw Invalid(name, "an ISO-8601 time or Unix seconds/milliseconds", v);
        }

        public string Raw(string name) => OptionalRaw(name) ?? throw Missing(name);

        public string? OptionalRaw(string name) =>
            Find(name) is { } v && v.ValueKind != JsonValueKind.Null ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

        public IReadOnlyList<string>? StringList(string name) =>
            Find(name) is { ValueKind: JsonValueKind.Array } v ? v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToList() : null;

        public Provenance? Provenance() =>
            OptionalString("source") is null && OptionalString("source_ref") is null && OptionalString("bot_version") is null && OptionalString("strategy_version") is null
                ? null
                : new Provenance(OptionalString("source"), OptionalString("source_ref"), OptionalString("bot_version"), OptionalString("strategy_version"));

        public ModelUsage? ModelUsage() =>
            OptionalString("model") is null && OptionalString("provider") is null && Find("prompt_tokens") is null && Find("response_tokens") is null && Find("latency_ms") is null && Find("cost") is null
                ? null
                : new ModelUsage(OptionalString("model"), OptionalString("provider"), OptionalCount("prompt_tokens"), OptionalCount("response_tokens"), OptionalCount("latency_ms"), OptionalDecimal("cost"));

        // Token counts and latencies: whole, not negative, and small enough for the column.
        private int? OptionalCount(string name) =>
            Find(name) is not { } v || v.ValueKind == JsonValueKind.Null ? null
            : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var count) && count >= 0 ? count
            : throw Invalid(name, "a whole number from 0 to 2147483647", v);

        private JsonElement? Find(string name) => element.TryGetProperty(name, out var value) ? value : null;

        private TradebookException Missing(string name) => new(ErrorCode.InvalidInput, $"{where}: \"{name}\" is missing; nothing was written");

        private TradebookException Invalid(string name, string expected, JsonElement value) =>
            new(ErrorCode.InvalidInput, $"{where}: \"{name}\" must be {expected}, found {value.GetRawText()}; nothing was written");
    }
}
