using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;
using Tradebook.Import.Checks;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Sources.Hummingbot;

/// <summary>
/// Reads a hummingbot database (<c>TradeFill</c>, <c>Order</c>, <c>OrderStatus</c>) into an
/// <see cref="ImportSet"/>: one bot per strategy, config file and connector; every fill, including
/// fills whose order row is missing. Hummingbot stores no per-trade profit, so there are no reported trades.
/// </summary>
/// <remarks>
/// Streamed (<see cref="IStreamingSourceReader"/>), it holds no list of fills or orders: a first walk over both
/// tables keeps only keys (the bots, the order ids and the side of each order's first fill), a second hands each
/// order and fill to the stream as it is read. Read whole, it takes the same two walks and keeps the rows.
/// </remarks>
public sealed class HummingbotReader : IStreamingSourceReader
{
    public string Format => "hummingbot";

    public bool CanRead(string path) =>
        SqliteFiles.Satisfies(path, connection => IsHummingbot(SqliteSchema.Load(connection)));

    /// <summary>hummingbot's fills, with the exchange's trade id, or (its first weeks, June 2019) the row id that named them.</summary>
    private static bool IsHummingbot(SqliteSchema schema) =>
        schema.HasAll("TradeFill", "config_file_path", "strategy", "market", "symbol", "base_asset", "quote_asset", "timestamp", "order_id", "trade_type", "price", "amount", "trade_fee")
        && (schema.Has("TradeFill", "exchange_trade_id") || schema.Has("TradeFill", "id"));

    /// <summary>
    /// Every hummingbot that stores trades in SQLite writes its orders and their status changes beside its fills:
    /// a database without them lost them.
    /// </summary>
    private static IEnumerable<MissingTable> Missing(SqliteSchema schema)
    {
        if (!schema.HasTable("Order"))
        {
            yield return new MissingTable("Order", "hummingbot keeps every order in it, beside TradeFill", "every order (its type, amount, price and status): the fills are imported without their orders");
        }

        if (!schema.HasTable("OrderStatus"))
        {
            yield return new MissingTable("OrderStatus", "hummingbot records every order's status changes in it", "each order's status history, which gives an order without fills its side (such orders are recorded as buys)");
        }
    }

    public ImportSet Read(string path, ImportOptions options) => ReadRows(path, options, null);

    public ImportSet Read(string path, ImportOptions options, FillStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return ReadRows(path, options, stream);
    }

    private ImportSet ReadRows(string path, ImportOptions options, FillStream? stream)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var copy = SqliteSourceCopy.Create(path);
        using var connection = copy.Open();
        var schema = SqliteSchema.Load(connection);
        if (!IsHummingbot(schema))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a hummingbot database: no TradeFill table with hummingbot's columns.");
        }

        var version = ReadMetadata(connection, schema, "local_db_version");
        var set = new ImportSet(new SourceInfo(copy.OriginalPath, Format, version is null ? "hummingbot" : $"hummingbot (local_db_version {version})", copy.HadWal));
        var source = $"hummingbot:{Path.GetFileName(path)}";
        set.AddMissing(Missing(schema));
        set.AddMissing(ReferencedTables.Missing(connection));
        var fillScaling = HummingbotScaling.For(schema, "TradeFill", "price");
        var orderScaling = HummingbotScaling.For(schema, "Order", "price");
        IEnumerable<HummingbotFill> Fills(HummingbotScaling? scaling) => HummingbotTables.Fills(connection, schema, scaling);
        IEnumerable<HummingbotOrder> Orders(HummingbotScaling? scaling) => HummingbotTables.Orders(connection, schema, scaling);

        var keys = Keys(Fills(null), Orders(null));
        var bots = new Dictionary<(string Strategy, string Config, string Market), string>();
        foreach (var key in keys)
        {
            var name = options.BotName is { Length: > 0 } given
                ? keys.Count == 1 ? given : $"{given}/{key.Strategy}@{key.Market}:{key.Config}"
                : keys.Count(k => k.Strategy == key.Strategy && k.Market == key.Market) == 1
                    ? $"hummingbot/{key.Strategy}@{key.Market}"
                    : $"hummingbot/{key.Strategy}@{key.Market}:{key.Config}";
            bots[key] = name;

            // Hummingbot's simulated connectors are named "<exchange>_paper_trade".
            var mode = options.Mode ?? (key.Market.EndsWith("_paper_trade", StringComparison.OrdinalIgnoreCase) ? BotMode.Paper : BotMode.Live);
            set.Bots.Add(new BotSpec(name, mode, CostBasisMethod.Average, key.Market, key.Strategy, Config: key.Config));
        }

        var rowWarnings = new RowWarnings(set.Warnings);

        // Hummingbot's Order table has no side; fills and status names (SellOrderCreated) tell it.
        foreach (var order in Orders(orderScaling))
        {
            var side = order.SideFromFill ?? order.SideFromStatus ?? Side.Buy;
            var record = new OrderRecord(
                bots[(order.Strategy, order.Config, order.Market)], order.Id, order.Symbol, side, order.Type, order.Amount, order.Price, order.Status,
                order.CreatedAt, order.ExchangeOrderId, Provenance: new Provenance(source, $"Order.id={order.Id}"));
            if (stream is null)
            {
                set.Orders.Add(record);
            }
            else
            {
                stream.Add(record, set);
            }

            if (order.SideFromFill is null && order.SideFromStatus is null)
            {
                rowWarnings.Add("orders of unknown side, recorded as buy", $"Order.id={order.Id}: side unknown (no fill, no side in its statuses); recorded as buy");
            }
        }

        var zeroPrices = new TruncatedZeros();
        var zeroQuantities = new TruncatedZeros();
        foreach (var fill in Fills(fillScaling))
        {
            var bot = bots[(fill.Strategy, fill.Config, fill.Market)];
            var known = fill.OrderKnown;
            if (!known)
            {
                rowWarnings.Add("fills whose order is not in the Order table", $"{fill.SourceRef}: its order {fill.OrderId} is not in the Order table; the fill is imported without it");
            }

            var (fee, feeCurrency, note) = HummingbotFees.Parse(fill.TradeFee, fill.Quantity, fill.Price, fill.Base, fill.Quote);
            if (note is not null)
            {
                rowWarnings.Add("fills whose fee needed a note", $"{fill.SourceRef}: {note}");
            }

            var record = new FillRecord(
                bot, fill.ExchangeTradeId, fill.Symbol, fill.Side, fill.Quantity, fill.Price, fee, feeCurrency, fill.Timestamp,
                known ? fill.OrderId : null, Provenance: new Provenance(source, fill.SourceRef));

            // A repeated id stays in the set, as read whole: the ledger finds it the same fill, or refuses the source.
            if (stream is null || stream.Add(record, set) is not null)
            {
                set.Fills.Add(record);
            }

            if (fillScaling.Scaled)
            {
                zeroPrices.AddIf(record.Price == 0, record);
                zeroQuantities.AddIf(record.Quantity == 0, record);
            }
        }

        stream?.Flush(set);
        rowWarnings.Finish();
        zeroPrices.Name(set, SourceProblemKind.ZeroPrice, "price", "at price 0");
        zeroQuantities.Name(set, SourceProblemKind.ZeroQuantity, "amount", "of amount 0");
        foreach (var warning in new[] { fillScaling.Warning("TradeFill price and amount"), orderScaling.Warning("Order price and amount") })
        {
            if (warning is not null)
            {
                set.Warnings.Add(warning);
            }
        }

        return set;
    }

    /// <summary>
    /// The first walk: each (strategy, config, market) in the order the fills and then the orders name it. Keys
    /// only, whatever the number of rows: whether a fill's order exists and an order's side are asked of SQLite
    /// as the rows are read.
    /// </summary>
    private static List<(string Strategy, string Config, string Market)> Keys(IEnumerable<HummingbotFill> fills, IEnumerable<HummingbotOrder> orders)
    {
        var keys = new List<(string Strategy, string Config, string Market)>();
        var seen = new HashSet<(string, string, string)>();
        foreach (var key in fills.Select(f => (f.Strategy, f.Config, f.Market)).Concat(orders.Select(o => (o.Strategy, o.Config, o.Market))))
        {
            if (seen.Add(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private static string? ReadMetadata(SqliteConnection connection, SqliteSchema schema, string key)
    {
        if (!schema.HasAll("Metadata", "key", "value"))
        {
            return null;
        }

        using var command = connection.CreateCommand();
        command.CommandText = """SELECT value FROM Metadata WHERE key = $key""";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }
}

/// <summary>
/// Hummingbot's fee JSON: a percentage of the notional (in <c>percent_token</c>, or the quote) plus flat fees, each an
/// asset and an amount. The asset's key changed with hummingbot's versions: <c>"symbol"</c> in 2019, <c>"asset"</c>
/// until its fee rewrite of early 2022, <c>"token"</c> since; a Binance fill's whole fee was a flat fee.
/// </summary>
internal static class HummingbotFees
{
    private static readonly string[] AssetKeys = ["token", "asset", "symbol"];

    public static (decimal Fee, string? Currency, string? Note) Parse(string json, decimal quantity, decimal price, string baseAsset, string quoteAsset)
    {
        var byCurrency = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unread(json, "it is not a JSON object");
            }

            if (root.TryGetProperty("percent", out var percentElement) && percentElement.ValueKind != JsonValueKind.Null)
            {
                if (Number(percentElement) is not { } percent)
                {
                    return Unread(json, "its percent is not a number");
                }

                if (percent != 0)
                {
                    var token = root.TryGetProperty("percent_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : quoteAsset;
                    byCurrency[token] = string.Equals(token, baseAsset, StringComparison.OrdinalIgnoreCase) ? percent * quantity : percent * quantity * price;
                }
            }

            if (root.TryGetProperty("flat_fees", out var flat) && flat.ValueKind != JsonValueKind.Null)
            {
                if (flat.ValueKind != JsonValueKind.Array)
                {
                    return Unread(json, "its flat_fees are not a list");
                }

                foreach (var item in flat.EnumerateArray())
                {
                    if (FlatFee(item) is not var (asset, amount))
                    {
                        return Unread(json, "a flat fee is not an asset and an amount");
                    }

                    byCurrency[asset] = byCurrency.GetValueOrDefault(asset) + amount;
                }
            }
        }
        catch (JsonException)
        {
            return (0, null, "trade_fee is not valid JSON; fee recorded as zero");
        }
        catch (OverflowException)
        {
            return Unread(json, "an amount is out of range");
        }

        var nonZero = byCurrency.Where(kv => kv.Value != 0).ToList();
        return nonZero.Count switch
        {
            0 => (0, quoteAsset, null),
            1 => (nonZero[0].Value, nonZero[0].Key.ToUpperInvariant(), null),
            _ => (nonZero[0].Value, nonZero[0].Key.ToUpperInvariant(),
                $"fees in several currencies ({string.Join(", ", nonZero.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value} {kv.Key}")))}); only the first is recorded, they cannot be added"),
        };
    }

    private static (decimal Fee, string? Currency, string? Note) Unread(string json, string why) =>
        (0, null, $"trade_fee {(json.Length > 200 ? json[..200] + "…" : json)} cannot be read ({why}); fee recorded as zero");

    /// <summary>A flat fee's asset, under whichever key its generation wrote it, and amount; null when it has neither.</summary>
    private static (string Asset, decimal Amount)? FlatFee(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("amount", out var amount) || Number(amount) is not { } value)
        {
            return null;
        }

        foreach (var key in AssetKeys)
        {
            if (item.TryGetProperty(key, out var asset) && asset.ValueKind == JsonValueKind.String && asset.GetString() is { Length: > 0 } name)
            {
                return (name, value);
            }
        }

        return null;
    }

    private static decimal? Number(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDecimal(out var value) ? value : null,
            JsonValueKind.String => SqliteValues.ParseDecimal(element.GetString()),
            _ => null,
        };
}
