using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// A product as it stood before the first fill or cash flow at <see cref="At"/>: the book Core made of every
/// earlier fill and cash flow, the row of its open position, and what a replay resumed here needs besides the
/// book: the time of the latest fill, what the UTC day of <see cref="At"/> had gained so far and the fees kept
/// apart. Stored as a JSON document of exact decimals (<see cref="State"/>) with a checksum; every figure in
/// it is Core's, this type only writes it down and reads it back.
/// </summary>
internal sealed record ProductCheckpoint(
    DateTimeOffset At,
    ProductBook Book,
    long? OpenPositionId,
    DateTimeOffset? LastFillAt,
    DayTotals DaySoFar,
    IReadOnlyDictionary<string, decimal> UnconvertedFees)
{
    /// <summary>The document stored in <c>product_checkpoints.state</c>.</summary>
    public string State()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("method", Book.Method.ToText());
            json.WriteNumber("dust_threshold", Book.DustThreshold);
            json.WriteNumber("quantity", Book.Quantity);
            json.WriteStartArray("lots");
            foreach (var lot in Book.Lots)
            {
                json.WriteStartArray();
                json.WriteNumberValue(lot.Quantity);
                json.WriteNumberValue(lot.Notional);
                json.WriteNumberValue(lot.Fees);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteNumber("realized_pnl", Book.RealizedPnl);
            json.WriteNumber("fees", Book.Fees);
            json.WriteNumber("cash_flow_pnl", Book.CashFlowPnl);
            json.WriteNumber("trades", Book.Trades);
            json.WriteNumber("wins", Book.Wins);
            json.WriteNumber("fills", Book.Fills);
            json.WriteNumber("dust", Book.Dust);
            json.WriteNumber("dust_notional", Book.DustNotional);
            json.WriteNumber("dust_fees", Book.DustFees);
            json.WriteNumber("unpriced_fills", Book.UnpricedFills);
            if (Book.OpenPosition is { } open)
            {
                json.WriteStartObject("open_position");
                json.WriteString("direction", open.Direction.ToText());
                json.WriteString("opened_at", Text(open.OpenedAt));
                json.WriteNumber("max_quantity", open.MaxQuantity);
                json.WriteNumber("realized_pnl", open.RealizedPnl);
                json.WriteNumber("fees", open.Fees);
                json.WriteNumber("cash_flow_pnl", open.CashFlowPnl);
                json.WriteEndObject();
            }

            if (LastFillAt is { } last)
            {
                json.WriteString("last_fill_at", Text(last));
            }

            json.WriteStartObject("day_so_far");
            json.WriteNumber("realized_pnl", DaySoFar.RealizedPnl);
            json.WriteNumber("fees", DaySoFar.Fees);
            json.WriteNumber("fills", DaySoFar.Fills);
            json.WriteNumber("trades", DaySoFar.Trades);
            json.WriteNumber("wins", DaySoFar.Wins);
            json.WriteEndObject();
            json.WriteStartObject("unconverted_fees");
            foreach (var (currency, amount) in UnconvertedFees.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(currency, amount);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The SHA-256, in hex, of what a checkpoint row holds besides its product.</summary>
    public static string Checksum(DateTimeOffset at, int fills, long? openPositionId, string state)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Text(at)}\n{fills}\n{openPositionId}\n{state}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Reads a stored checkpoint back, or null when it cannot be trusted: its checksum does not match, its
    /// document does not parse, it was made under another cost method or dust threshold than the product has
    /// now, or its figures do not hang together. The ledger then resumes from an earlier one, or from the
    /// first fill, and saves this one again as it passes.
    /// </summary>
    public static ProductCheckpoint? Read(DateTimeOffset at, int fills, long? openPositionId, string state, string checksum, CostBasisMethod method, decimal dustThreshold)
    {
        if (!string.Equals(Checksum(at, fills, openPositionId, state), checksum, StringComparison.Ordinal))
        {
            return null;
        }

        ProductCheckpoint checkpoint;
        try
        {
            checkpoint = Parse(at, openPositionId, state);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or ArgumentException or OverflowException)
        {
            return null;
        }

        var book = checkpoint.Book;
        var consistent = book.Method == method
            && book.DustThreshold == dustThreshold
            && book.Fills == fills
            && book.Lots.Sum(l => l.Quantity) == Math.Abs(book.Quantity)
            && (book.Method == CostBasisMethod.Fifo || book.Lots.Length <= 1)
            && (book.Quantity != 0) == (book.OpenPosition is not null)
            && (book.OpenPosition is not null) == (openPositionId is not null)
            && (checkpoint.LastFillAt is null || checkpoint.LastFillAt < at);
        return consistent ? checkpoint : null;
    }

    private static ProductCheckpoint Parse(DateTimeOffset at, long? openPositionId, string state)
    {
        using var document = JsonDocument.Parse(state);
        var root = document.RootElement;
        var lots = root.GetProperty("lots").EnumerateArray()
            .Select(l => new Lot(l[0].GetDecimal(), l[1].GetDecimal(), l[2].GetDecimal()))
            .ToImmutableArray();
        Position? open = null;
        if (root.TryGetProperty("open_position", out var p))
        {
            open = new Position(
                EnumText.Parse<PositionDirection>(p.GetProperty("direction").GetString()!),
                Time(p.GetProperty("opened_at")),
                null,
                p.GetProperty("max_quantity").GetDecimal(),
                p.GetProperty("realized_pnl").GetDecimal(),
                p.GetProperty("fees").GetDecimal(),
                p.GetProperty("cash_flow_pnl").GetDecimal());
        }

        var book = ProductBook.Empty(EnumText.Parse<CostBasisMethod>(root.GetProperty("method").GetString()!), root.GetProperty("dust_threshold").GetDecimal()) with
        {
            Quantity = root.GetProperty("quantity").GetDecimal(),
            Lots = lots,
            RealizedPnl = root.GetProperty("realized_pnl").GetDecimal(),
            Fees = root.GetProperty("fees").GetDecimal(),
            CashFlowPnl = root.GetProperty("cash_flow_pnl").GetDecimal(),
            Trades = root.GetProperty("trades").GetInt32(),
            Wins = root.GetProperty("wins").GetInt32(),
            Fills = root.GetProperty("fills").GetInt32(),
            Dust = root.GetProperty("dust").GetDecimal(),
            DustNotional = root.GetProperty("dust_notional").GetDecimal(),
            DustFees = root.GetProperty("dust_fees").GetDecimal(),
            UnpricedFills = root.GetProperty("unpriced_fills").GetInt32(),
            OpenPosition = open,
        };
        var day = root.GetProperty("day_so_far");
        var daySoFar = new DayTotals(
            day.GetProperty("realized_pnl").GetDecimal(),
            day.GetProperty("fees").GetDecimal(),
            day.GetProperty("fills").GetInt32(),
            day.GetProperty("trades").GetInt32(),
            day.GetProperty("wins").GetInt32());
        var fees = root.GetProperty("unconverted_fees").EnumerateObject().ToDictionary(f => f.Name, f => f.Value.GetDecimal(), StringComparer.Ordinal);
        DateTimeOffset? lastFillAt = root.TryGetProperty("last_fill_at", out var last) ? Time(last) : null;
        return new ProductCheckpoint(at, book, openPositionId, lastFillAt, daySoFar, fees);
    }

    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
