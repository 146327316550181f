using System.Globalization;
using System.Text.Json;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>
/// Turns trade-shaped records into fills. Per unique record the first failing check decides the
/// rejection: unparseable timestamp, then a missing price, then a price that is not a finite number
/// above zero. Records kept are production or, by the owner's rules, test data.
/// </summary>
internal sealed class JsonTradeImporter(ImportSet set, string bot, string testBot, TestDataRules rules, IReadOnlySet<string> signalIds, DateColumn? dates)
{
    private static readonly string[] SignalRefKeys = ["signal_id", "signalId"];
    private static readonly string[] OrderKeys = ["order_id", "orderId", "exchange_order_id", "order"];
    private static readonly string[] FilledStatuses = ["filled", "closed", "done", "executed", "complete", "completed"];

    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _orders = [];
    private readonly RowWarnings _warnings = new(set.Warnings);

    public int Records { get; private set; }

    public int Unique { get; private set; }

    public Dictionary<string, int> Rejected { get; } = new(StringComparer.Ordinal);

    public int Test { get; private set; }

    public Dictionary<string, int> MarkerHits { get; } = new(StringComparer.Ordinal);

    public int ValidProduction { get; private set; }

    public int Dangling { get; private set; }

    public int NullSignalRefs { get; private set; }

    public Dictionary<string, decimal> NetProductionQuantity { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds, for each kind of row warning named only in part, how many more rows there were.</summary>
    public void Finish() => _warnings.Finish();

    public void Read(JsonSourceFile file)
    {
        foreach (var (line, reason) in file.CorruptLines)
        {
            set.Rejections.Add(new Rejection($"{file.Name}:{line}", $"corrupt line: not valid JSON ({reason})"));
        }

        foreach (var record in file.Records)
        {
            Records++;
            var canonical = JsonCanonical.Of(record.Value);
            if (_seen.TryGetValue(canonical, out var first))
            {
                set.Duplicates.Add($"{record.SourceRef} repeats {first}");
                continue;
            }

            _seen[canonical] = record.SourceRef;
            Unique++;
            ReadOne(file, record, canonical);
        }
    }

    private void Reject(JsonRecord record, string reason, string detail)
    {
        Rejected[reason] = Rejected.GetValueOrDefault(reason) + 1;
        set.Rejections.Add(new Rejection(record.SourceRef, $"{reason}: {detail}"));
    }

    private void ReadOne(JsonSourceFile file, JsonRecord record, string canonical)
    {
        var value = record.Value;
        var signalRef = JsonValues.String(value, SignalRefKeys);
        var dangling = signalRef is not null && !signalIds.Contains(signalRef);
        if (signalRef is null)
        {
            NullSignalRefs++;
        }
        else if (dangling)
        {
            Dangling++;
        }

        if (JsonShapes.OfRecord(value) != JsonShape.Trade)
        {
            Reject(record, "not_a_trade", "no symbol, side or quantity");
            return;
        }

        if (JsonValues.Find(value, JsonShapes.TimeKeys) is not { } time || !JsonValues.TryTimestamp(time, out var timestamp, dates))
        {
            Reject(record, "invalid_timestamp", JsonValues.TimeProblem(JsonValues.Find(value, JsonShapes.TimeKeys), dates));
            return;
        }

        var priceElement = JsonValues.Find(value, JsonShapes.PriceKeys);
        if (priceElement is not { } p || p.ValueKind == JsonValueKind.Null)
        {
            Reject(record, "missing_price", "the trade has no price");
            return;
        }

        if (!JsonValues.TryDecimal(p, out var price) || price <= 0)
        {
            Reject(record, "invalid_price", $"price {p.GetRawText()} is not a finite number above zero");
            return;
        }

        var symbol = JsonValues.String(value, JsonShapes.SymbolKeys)!.Trim();
        var sideText = JsonValues.String(value, JsonShapes.SideKeys)?.Trim().ToLowerInvariant();
        Side? side = SideWords.TryParse(sideText, out var read) ? read : null;
        if (side is null)
        {
            Reject(record, "invalid_side", $"side {sideText ?? "absent"} is neither buy nor sell");
            return;
        }

        if (JsonValues.Decimal(value, JsonShapes.QuantityKeys) is not { } quantity || quantity < 0)
        {
            Reject(record, "invalid_amount", "the quantity is not a number of zero or more");
            return;
        }

        if (!AmountLimits.Within(quantity, price))
        {
            Reject(record, "value_out_of_range", $"quantity {quantity} at price {price} is beyond the largest amount Tradebook records ({AmountLimits.Max:0.#E+0}); check the units");
            return;
        }

        var status = JsonValues.String(value, "status", "state");
        if (status is not null && !FilledStatuses.Contains(status.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            Reject(record, "not_filled", $"status {status} is not an execution");
            return;
        }

        if (JsonFees.Read(value, Symbol.Parse(symbol).Quote, out var feeProblem) is not var (fee, feeCurrency))
        {
            Reject(record, "invalid_fee", feeProblem!);
            return;
        }

        var id = JsonValues.String(value, JsonShapes.IdKeys)
            ?? JsonValues.String(value, OrderKeys)
            ?? "sha:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)))[..16];
        if (_ids.TryGetValue(id, out var other))
        {
            Reject(record, "conflicting_id", $"id {id} already used by a different record at {other}");
            return;
        }

        _ids[id] = record.SourceRef;
        var markers = Markers(symbol, quantity, price);
        var isTest = markers.Count > 0;
        var owner = isTest ? testBot : bot;
        if (isTest)
        {
            Test++;
            set.TestRows.Add(record.SourceRef);
            foreach (var marker in markers)
            {
                MarkerHits[marker] = MarkerHits.GetValueOrDefault(marker) + 1;
            }
        }
        else
        {
            ValidProduction++;
            NetProductionQuantity[symbol] = NetProductionQuantity.GetValueOrDefault(symbol) + (side == Side.Buy ? quantity : -quantity);
            if (dangling)
            {
                _warnings.Add("trades that refer to a signal no signal file holds (kept)", $"{record.SourceRef}: trade {id} refers to signal {signalRef}, which no signal file holds; the trade is kept.");
            }
        }

        var provenance = new Provenance($"jsonfiles:{file.Name}", record.SourceRef);
        var orderId = JsonValues.String(value, OrderKeys);

        // An order or fill of nothing is not an execution (the store refuses both); a zero-quantity
        // row stays counted as a test row and is not written.
        if (quantity == 0)
        {
            return;
        }

        if (orderId is not null && _orders.Add((owner, orderId)))
        {
            set.Orders.Add(new OrderRecord(owner, orderId, symbol, side.Value, "market", quantity, price, status ?? OrderStatus.Filled.ToText(), timestamp, orderId, Provenance: provenance));
        }

        set.Fills.Add(new FillRecord(
            owner,
            id,
            symbol,
            side.Value,
            quantity,
            price,
            fee,
            feeCurrency,
            timestamp,
            orderId is null ? null : orderId,
            Provenance: provenance));
    }

    private List<string> Markers(string symbol, decimal quantity, decimal price)
    {
        var markers = new List<string>();
        if (rules.IsTestSymbol(symbol))
        {
            markers.Add("symbol_test_prefix");
        }

        if (rules.ZeroQuantityIsTest && quantity == 0)
        {
            markers.Add("amount_zero");
        }

        if (rules.MaxQuantity is { } q && quantity > q)
        {
            markers.Add(string.Create(CultureInfo.InvariantCulture, $"amount_gt_{q}"));
        }

        if (rules.MaxPrice is { } max && price > max)
        {
            markers.Add(string.Create(CultureInfo.InvariantCulture, $"price_gt_{max}"));
        }

        return markers;
    }
}
