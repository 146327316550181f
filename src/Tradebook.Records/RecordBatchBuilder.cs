using System.Globalization;
using System.Text.Json;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Ledger;

namespace Tradebook.Records;

/// <summary>
/// Turns checked input objects into typed records, refusing values that cannot be right (a quantity of
/// zero, a negative price, a bar whose high is below its low, a rate of zero), and collects them into one
/// <see cref="LedgerBatch"/>.
/// </summary>
/// <param name="bot">The bot a request is for: its records may leave out <c>"bot"</c>, and may not name another.</param>
internal sealed class RecordBatchBuilder(string? bot = null)
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

    /// <summary>
    /// The record's kind from its <c>kind</c> field. Where cash flows are expected, a cash flow's type written there
    /// ("kind": "deposit") is told to go in <c>type</c>: "unknown kind" would not say which field the flow needed.
    /// </summary>
    private static RecordKind Kind(string text, string where, RecordKind defaultKind) =>
        defaultKind == RecordKind.CashFlow && Enum.GetNames<CashFlowKind>().Contains(text.Trim(), StringComparer.OrdinalIgnoreCase)
            ? throw new TradebookException(ErrorCode.InvalidInput, $"{where}: \"kind\" names what a record is (cash_flow); a cash flow's type goes in \"type\": \"type\": \"{Shown.Plain(text)}\"; nothing was written")
            : RecordKindText.Parse(text, where);

    public void Add(JsonElement element, string where, RecordKind defaultKind)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{where}: expected a JSON object, found {element.ValueKind.ToString().ToLowerInvariant()}; nothing was written");
        }

        JsonText.Check(element, where);
        var kind = element.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? Kind(k.GetString()!, where, defaultKind)
            : element.TryGetProperty("kind", out var other) && other.ValueKind != JsonValueKind.Null ? throw new TradebookException(ErrorCode.InvalidInput, $"{where}: \"kind\" must be a string such as \"fill\", found {Shown.Plain(other.GetRawText())}; nothing was written")
            : defaultKind;
        if (kind is RecordKind.Fill or RecordKind.Order && Ccxt.Is(element))
        {
            element = kind == RecordKind.Fill ? Ccxt.TradeAsFill(element, where) : Ccxt.OrderAsOrder(element, where);
        }

        var o = new JsonFields(element, where, kind, bot);
        switch (kind)
        {
            case RecordKind.Fill:
                _fills.Add(Fill(o));
                break;
            case RecordKind.Order:
                _orders.Add(Order(o));
                break;
            case RecordKind.Decision:
                _decisions.Add(new DecisionRecord(o.Bot(), o.String("id"), o.Time("ts", "timestamp"), o.OptionalRaw("inputs", "prompt"), o.Raw("decision"), o.OptionalText("notes"), o.OptionalString("outcome"), o.StringList("signal_ids"), o.Provenance(), Usage(o)));
                break;
            case RecordKind.Signal:
                _signals.Add(Signal(o));
                break;
            case RecordKind.Snapshot:
                _snapshots.Add(new SnapshotRecord(o.Bot(), o.Time("ts", "timestamp"), o.Decimal("equity"), o.OptionalDecimal("cash"), o.OptionalString("currency"), o.Provenance()));
                break;
            case RecordKind.CashFlow:
                _cashFlows.Add(new CashFlowRecord(o.Bot(), o.String("id"), o.Enum<CashFlowKind>("type", "flow"), o.Decimal("amount"), o.String("currency"), o.Time("ts", "timestamp"), o.OptionalSymbol("symbol"), o.Provenance()));
                break;
            case RecordKind.PriceBar:
                _bars.Add(Bar(o));
                break;
            case RecordKind.FxRate:
                var rate = o.Decimal("rate");
                _rates.Add(rate > 0 ? new FxRate(o.String("base"), o.String("quote"), o.Time("ts", "timestamp"), rate) : throw o.Error($"\"rate\" is {N(rate)}; a rate must be above 0"));
                break;
            case RecordKind.Setting:
                _settings.Add(new Setting(o.OptionalString("scope") ?? "global", o.String("key"), o.Raw("value")));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(defaultKind), kind, "a record kind without a reader");
        }
    }

    private static FillRecord Fill(JsonFields o)
    {
        var quantity = Positive(o, o.Decimal("qty", "quantity"), "qty");
        var price = NotNegative(o, o.Decimal("price"), "price");
        var fee = o.OptionalDecimal("fee") ?? 0m;
        var feeRate = o.OptionalDecimal("fee_rate");
        if (feeRate is <= 0)
        {
            throw o.Error($"\"fee_rate\" is {N(feeRate)}; a rate must be above 0 (quote currency per unit of the fee currency)");
        }

        o.Product(quantity, price, "the fill's value (qty × price)");
        o.Product(fee, feeRate ?? price, feeRate is null ? "the fee's value (fee × price)" : "the fee's value (fee × fee_rate)");
        return new FillRecord(o.Bot(), o.String("id"), o.Symbol("symbol"), o.Enum<Side>("side"), quantity, price, fee, o.OptionalString("fee_currency"), o.Time("ts", "timestamp"), o.OptionalString("order_id"), feeRate, o.Provenance(), o.OptionalString("exchange_order_id"));
    }

    private static OrderRecord Order(JsonFields o)
    {
        var quantity = Positive(o, o.Decimal("qty", "quantity"), "qty");
        var price = o.OptionalDecimal("price");
        if (price is { } p)
        {
            NotNegative(o, p, "price");
            o.Product(quantity, p, "the order's value (qty × price)");
        }

        return new OrderRecord(o.Bot(), o.String("id"), o.Symbol("symbol"), o.Enum<Side>("side"), o.OptionalString("type") ?? "limit", quantity, price, o.OptionalString("status") ?? OrderStatus.New.ToText(), o.Time("ts", "timestamp"), o.OptionalString("exchange_order_id"), o.OptionalString("decision_id"), o.Provenance());
    }

    // What a language model's decision cost; null when the decision names none of it.
    private static ModelUsage? Usage(JsonFields o)
    {
        var usage = new ModelUsage(o.OptionalString("model"), o.OptionalString("provider"), o.OptionalCount("prompt_tokens"), o.OptionalCount("response_tokens"), o.OptionalCount("latency_ms"), o.OptionalDecimal("cost"));
        if (usage.Cost is { } cost)
        {
            NotNegative(o, cost, "cost");
        }

        return usage == new ModelUsage(null, null, null, null, null, null) ? null : usage;
    }

    private static SignalRecord Signal(JsonFields o)
    {
        var price = o.OptionalDecimal("price");
        if (price is { } p)
        {
            NotNegative(o, p, "price");
        }

        return new SignalRecord(o.Bot(), o.String("id"), o.OptionalSymbol("symbol"), o.Time("ts", "timestamp"), o.String("signal"), o.OptionalDecimal("strength"), price, o.OptionalRaw("payload"), o.Provenance());
    }

    private static PriceBar Bar(JsonFields o)
    {
        var open = NotNegative(o, o.Decimal("open"), "open");
        var high = NotNegative(o, o.Decimal("high"), "high");
        var low = NotNegative(o, o.Decimal("low"), "low");
        var close = NotNegative(o, o.Decimal("close"), "close");
        var volume = o.OptionalDecimal("volume");
        if (high < low)
        {
            throw o.Error($"\"high\" {N(high)} is below \"low\" {N(low)}");
        }

        if (open < low || open > high || close < low || close > high)
        {
            throw o.Error($"\"open\" {N(open)} and \"close\" {N(close)} must lie between \"low\" {N(low)} and \"high\" {N(high)}");
        }

        if (volume is < 0)
        {
            throw o.Error($"\"volume\" is {N(volume)}; it cannot be negative");
        }

        return new PriceBar(o.Symbol("symbol"), o.OptionalString("interval") ?? "1d", o.Time("ts", "timestamp"), open, high, low, close, volume);
    }

    private static decimal Positive(JsonFields o, decimal value, string name) =>
        value > 0 ? value : throw o.Error($"\"{name}\" is {N(value)}; it must be above 0 (the side says buy or sell)");

    private static decimal NotNegative(JsonFields o, decimal value, string name) =>
        value >= 0 ? value : throw o.Error($"\"{name}\" is {N(value)}; a price cannot be negative");

    private static string N(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

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
