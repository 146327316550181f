using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Import.Sources.Fragmented;
using Tradebook.Import.Sources.JsonFiles;

namespace Tradebook.Import.Sources.Arena;

/// <summary>
/// Reads an LLM trading arena whose truth is one JSON state document in a table row: bots with their
/// orders, open positions and decision logs. Each arena bot becomes a bot; orders become orders and
/// fills; logs become decisions; periodic balance rows become snapshots.
/// </summary>
/// <remarks>
/// The arena lets one bot hold a long and a short on the same symbol at once, and a close always
/// closes the oldest position of its symbol and direction. A single netted instrument would let the
/// short cancel the long and pair exits with the wrong entries, so each direction is its own
/// instrument: <c>BTCUSDT:USDT#long</c> and <c>BTCUSDT:USDT#short</c>, perpetuals settled in the quote.
/// Bots use FIFO cost so that Tradebook pairs exits exactly as the arena did.
/// </remarks>
public sealed class ArenaReader : ISourceReader
{
    private const decimal DriftTolerance = 0.005m;

    private static readonly JsonSerializerOptions ConfigJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Format => "arena";

    public bool CanRead(string path) => SqliteFiles.Satisfies(path, connection => ArenaStateLocator.Find(connection) is not null);

    public ImportSet Read(string path, ImportOptions options) => ReadDetailed(path, options).Set;

    public ArenaImport ReadDetailed(string path, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var copy = SqliteSourceCopy.Create(path);
        using var connection = copy.Open();
        var state = ArenaStateLocator.Find(connection)
            ?? throw new InvalidDataException("No arena state found: no text column holds a JSON object with a list of bots that have orders.");

        using var document = JsonDocument.Parse(state.Json);
        var bots = ArenaStateLocator.BotsOf(document.RootElement)!.Value;
        var botIds = bots.EnumerateArray().Select(b => JsonValues.String(b, "id") ?? "").ToHashSet(StringComparer.Ordinal);
        var tables = ArenaTables.Read(connection, state.Table, botIds);

        var set = new ImportSet(new SourceInfo(copy.OriginalPath, Format, Generation(tables), copy.HadWal));
        if (state.Rows > 1)
        {
            set.Warnings.Add($"{state.Table}.{state.Column} holds {state.Rows} arena states; the newest row was read.");
        }

        var snapshots = ReadSnapshots(connection, tables.SnapshotTable);
        var names = BotNames(bots, options);
        var checks = new List<ArenaBotCheck>();
        // Every credential in the provider table is withheld, whether or not a bot still uses it.
        var secrets = tables.ProviderRows.Values.Sum(row => row.Count(c => SecretRedactor.IsSecretKey(c.Key) && c.Value is not null && !string.IsNullOrEmpty(Convert.ToString(c.Value, CultureInfo.InvariantCulture))));
        foreach (var bot in bots.EnumerateArray())
        {
            var sourceId = JsonValues.String(bot, "id") ?? "";
            var name = names[sourceId];
            var config = BotConfig(bot, sourceId, tables);
            var mode = options.Mode ?? ModeOf(JsonValues.String(bot, "tradingMode", "trading_mode") ?? Text(tables.BotRows.GetValueOrDefault(sourceId), "trading_mode"));
            var userId = JsonValues.String(bot, "userId", "user_id");
            set.Bots.Add(new BotSpec(
                name,
                mode,
                CostBasisMethod.Fifo,
                Exchange: tables.SystemSettings.GetValueOrDefault("market_data_source"),
                StrategyName: JsonValues.String(bot, "name") ?? sourceId,
                Config: config,
                User: userId is not null && tables.UserNames.TryGetValue(userId, out var user) ? user : userId));
            foreach (var (key, value) in tables.SystemSettings)
            {
                set.Settings.Add(new Setting(name, "arena." + key, SecretRedactor.IsSecretKey(key) ? SecretRedactor.RedactValue(value) : value));
            }

            checks.Add(ReadBot(set, bot, sourceId, name, snapshots.GetValueOrDefault(sourceId) ?? [], tables.BotRows.ContainsKey(sourceId)));
        }

        if (secrets > 0)
        {
            set.Warnings.Add($"{secrets} API keys or other secrets were found; they were not carried over in plaintext (a redaction marker with a short hash stands in their place).");
        }

        var orphans = botIds.Where(id => tables.BotRows.Count > 0 && !tables.BotRows.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var withoutState = tables.BotRows.Keys.Where(id => !botIds.Contains(id)).Order(StringComparer.Ordinal).ToList();
        foreach (var id in withoutState)
        {
            set.Warnings.Add($"Bot {id} is in the bots table but not in the arena state: it has no history to import.");
        }

        foreach (var unknown in snapshots.Keys.Where(id => !botIds.Contains(id)))
        {
            set.Rejections.Add(new Rejection($"{tables.SnapshotTable} bot_id={unknown}", "snapshots of a bot that is not in the arena state"));
        }

        return new ArenaImport(
            set,
            checks,
            $"{state.Table}.{state.Column}",
            state.Rows,
            System.Text.Encoding.UTF8.GetByteCount(state.Json),
            tables.EmptyTables,
            secrets,
            orphans,
            withoutState,
            MarketSymbols(document.RootElement));
    }

    private static ArenaBotCheck ReadBot(ImportSet set, JsonElement bot, string sourceId, string name, List<SnapshotRecord> snapshots, bool inBotsTable)
    {
        var source = $"arena:{sourceId}";
        var orders = ParseOrders(set, bot, sourceId);
        var chronological = orders.OrderBy(o => o.Timestamp).ThenByDescending(o => o.Index).ToList();
        foreach (var o in chronological)
        {
            var instrument = Instrument(o.Symbol, o.IsLong);
            var side = o.IsEntry == o.IsLong ? Side.Buy : Side.Sell;
            var provenance = new Provenance(source, $"orders.id={o.Id}");
            set.Orders.Add(new OrderRecord(name, o.Id, instrument, side, "market", o.Size, o.Price, OrderStatus.Filled.ToText(), o.Timestamp, Provenance: provenance));
            set.Fills.Add(new FillRecord(name, o.Id, instrument, side, o.Size, o.Price, o.Fee ?? 0m, Symbol.Parse(o.Symbol).Quote, o.Timestamp, o.Id, Provenance: provenance));
            if (!string.IsNullOrEmpty(o.Note))
            {
                // Orders have no free-text field in Tradebook; the bot's note is kept as a setting of the bot.
                set.Settings.Add(new Setting(name, $"order-note.{o.Id}", o.Note));
            }
        }

        var (pairs, open) = ArenaFifo.Pair(chronological);
        var rowWarnings = new RowWarnings(set.Warnings);
        foreach (var pair in pairs)
        {
            if (pair.Entries.Count == 0)
            {
                rowWarnings.Add($"exits of {name} that close no open entry", $"{name}: exit {pair.Exit.Id} ({pair.Exit.Direction} {pair.Exit.Symbol}) closes no open entry.");
                continue;
            }

            if (pair.UnmatchedQuantity > 0)
            {
                rowWarnings.Add($"exits of {name} that close more than was open", $"{name}: exit {pair.Exit.Id} closes {pair.UnmatchedQuantity} more than was open.");
            }

            set.ReportedTrades.Add(new ReportedTrade(
                name,
                Instrument(pair.Exit.Symbol, pair.Exit.IsLong),
                $"{source} orders.id={pair.Exit.Id}",
                pair.Entries[0].Entry.Timestamp,
                pair.Exit.Timestamp,
                false,
                pair.Exit.Pnl ?? pair.ComputedPnl,
                [.. pair.Entries.Select(e => e.Entry.Id).Distinct(), pair.Exit.Id]));
        }

        rowWarnings.Finish();
        var portfolio = JsonValues.Find(bot, "portfolio") is { } p ? JsonValues.Find(p, "positions") : JsonValues.Find(bot, "positions");
        var positions = portfolio is { ValueKind: JsonValueKind.Array } arr ? arr.EnumerateArray().ToList() : [];
        foreach (var entry in open)
        {
            var position = positions.FirstOrDefault(pos => PositionKey(pos) == OpenKey(entry));
            set.ReportedTrades.Add(new ReportedTrade(
                name,
                Instrument(entry.Entry.Symbol, entry.Entry.IsLong),
                position.ValueKind == JsonValueKind.Object && JsonValues.String(position, "id") is { } posId ? $"{source} positions.id={posId}" : $"{source} orders.id={entry.Entry.Id}",
                entry.Entry.Timestamp,
                null,
                true,
                null,
                [entry.Entry.Id]));
        }

        var portfolioMatches = positions.Select(PositionKey).Order(StringComparer.Ordinal)
            .SequenceEqual(open.Select(OpenKey).Order(StringComparer.Ordinal), StringComparer.Ordinal);
        if (!portfolioMatches)
        {
            set.Warnings.Add($"{name}: the open positions rebuilt from orders differ from the stored portfolio positions.");
        }

        var decisions = ReadDecisions(set, bot, sourceId, name, source);
        set.Snapshots.AddRange(snapshots.Select(s => s with { Bot = name }));

        var exits = chronological.Where(o => !o.IsEntry).ToList();
        var sumExitPnl = exits.Sum(o => o.Pnl ?? 0m);
        var storedPnl = JsonValues.Decimal(bot, "realizedPnl", "realized_pnl");
        var storedCount = JsonValues.Decimal(bot, "tradeCount", "trade_count") is { } c ? (int)c : (int?)null;
        var storedWinRate = JsonValues.Decimal(bot, "winRate", "win_rate");
        var wins = pairs.Count(pr => (pr.Exit.Pnl ?? pr.ComputedPnl) > 0);
        var drift = (storedPnl ?? 0m) - sumExitPnl;
        var driftFlag = Math.Abs(drift) > DriftTolerance;
        var countConsistent = storedCount is null || storedCount == exits.Count;
        var winRateConsistent = storedWinRate is null || Math.Abs(storedWinRate.Value - (exits.Count == 0 ? 0 : wins * 100m / exits.Count)) < 0.01m;
        if (driftFlag)
        {
            set.Warnings.Add($"{name}: stored realizedPnl {storedPnl} differs from the sum of its exits' pnl {sumExitPnl} by {drift}.");
        }

        if (!countConsistent)
        {
            set.Warnings.Add($"{name}: stored tradeCount {storedCount} differs from the {exits.Count} exits.");
        }

        if (!winRateConsistent)
        {
            set.Warnings.Add($"{name}: stored winRate {storedWinRate} differs from {wins} winning exits of {exits.Count}.");
        }

        var valueHistory = JsonValues.Find(bot, "valueHistory", "value_history") is { ValueKind: JsonValueKind.Array } vh ? vh.GetArrayLength() : 0;
        return new ArenaBotCheck(
            sourceId,
            name,
            orders.Count,
            orders.Count(o => o.IsEntry),
            exits.Count,
            pairs.Count(pr => pr.Entries.Count > 0),
            open.Count,
            positions.Count,
            portfolioMatches,
            storedPnl,
            sumExitPnl,
            pairs.Sum(pr => pr.ComputedPnl),
            exits.Sum(o => o.Fee ?? 0m),
            storedCount,
            storedWinRate,
            wins,
            drift,
            driftFlag,
            countConsistent,
            winRateConsistent,
            decisions.Logs,
            decisions.Entries,
            decisions.Empty,
            snapshots.Count,
            valueHistory,
            orders.Count(o => o.IsoTimestamp),
            inBotsTable);
    }

    private static List<ArenaOrder> ParseOrders(ImportSet set, JsonElement bot, string sourceId)
    {
        var orders = new List<ArenaOrder>();
        var index = 0;
        foreach (var o in JsonValues.Find(bot, "orders")!.Value.EnumerateArray())
        {
            var i = index++;
            var id = JsonValues.String(o, "id") ?? $"{sourceId}-order-{i}";
            var sourceRef = $"arena:{sourceId} orders.id={id}";
            var symbol = JsonValues.String(o, "symbol");
            var action = JsonValues.String(o, "action", "type", "direction")?.ToUpperInvariant();
            var side = JsonValues.String(o, "side")?.ToLowerInvariant();
            var price = JsonValues.Decimal(o, "price");
            var size = JsonValues.Decimal(o, "size", "quantity", "qty", "amount");
            var time = JsonValues.Find(o, "timestamp", "time", "createdAt");
            var isLong = action is "LONG" or "BUY";
            var isEntry = side is "entry" or "open";
            if (string.IsNullOrWhiteSpace(symbol) || action is not ("LONG" or "SHORT" or "BUY" or "SELL") || side is not ("entry" or "open" or "exit" or "close"))
            {
                set.Rejections.Add(new Rejection(sourceRef, "order without a symbol, a LONG/SHORT action or an entry/exit side"));
                continue;
            }

            if (price is not > 0m || size is not > 0m)
            {
                set.Rejections.Add(new Rejection(sourceRef, "order without a positive price and size"));
                continue;
            }

            if (time is not { } t || !JsonValues.TryTimestamp(t, out var timestamp))
            {
                set.Rejections.Add(new Rejection(sourceRef, "order timestamp is neither epoch milliseconds nor ISO-8601"));
                continue;
            }

            orders.Add(new ArenaOrder(
                id,
                symbol,
                isLong,
                isEntry,
                price.Value,
                size.Value,
                JsonValues.Decimal(o, "leverage"),
                timestamp,
                JsonValues.Decimal(o, "pnl"),
                JsonValues.Decimal(o, "fee"),
                JsonValues.String(o, "note", "notes", "reason"),
                t.ValueKind == JsonValueKind.String,
                i));
        }

        return orders;
    }

    private static (int Logs, int Entries, int Empty) ReadDecisions(ImportSet set, JsonElement bot, string sourceId, string name, string source)
    {
        if (JsonValues.Find(bot, "botLogs", "logs", "decisionLogs") is not { ValueKind: JsonValueKind.Array } logs)
        {
            return (0, 0, 0);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        int count = 0, entries = 0, empty = 0;
        foreach (var log in logs.EnumerateArray())
        {
            count++;
            var time = JsonValues.Find(log, "timestamp", "time");
            if (time is not { } t || !JsonValues.TryTimestamp(t, out var timestamp))
            {
                set.Rejections.Add(new Rejection($"{source} botLogs[{count - 1}]", "log without a readable timestamp"));
                continue;
            }

            var decisions = JsonValues.Find(log, "decisions", "decision");
            var n = decisions is { ValueKind: JsonValueKind.Array } d ? d.GetArrayLength() : 0;
            entries += n;
            empty += n == 0 ? 1 : 0;
            var id = $"{sourceId}:log:{timestamp.ToUnixTimeMilliseconds()}";
            for (var k = 2; !ids.Add(id); k++)
            {
                id = $"{sourceId}:log:{timestamp.ToUnixTimeMilliseconds()}#{k}";
            }

            // Raw JSON text is kept as the source wrote it, so emoji and other non-ASCII text survive byte for byte.
            var notes = JsonValues.Find(log, "notes", "note");
            set.Decisions.Add(new DecisionRecord(
                name,
                id,
                timestamp,
                JsonValues.String(log, "prompt", "input", "inputs"),
                decisions is { } raw && raw.ValueKind != JsonValueKind.Null ? raw.GetRawText() : "[]",
                notes is { ValueKind: JsonValueKind.String } s ? s.GetString() : notes is { ValueKind: not JsonValueKind.Null } other ? other.GetRawText() : null,
                Provenance: new Provenance(source, $"botLogs.timestamp={timestamp.ToUnixTimeMilliseconds()}")));
        }

        return (count, entries, empty);
    }

    private static Dictionary<string, List<SnapshotRecord>> ReadSnapshots(SqliteConnection connection, string? table)
    {
        var result = new Dictionary<string, List<SnapshotRecord>>(StringComparer.Ordinal);
        if (table is null)
        {
            return result;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {SqliteFiles.Quote(table)}";
        using var reader = command.ExecuteReader();
        var bot = SqliteColumns.Ordinal(reader, "bot_id");
        var time = SqliteColumns.Ordinal(reader, "timestamp", "time", "created_at", "ts");
        var equity = SqliteColumns.Ordinal(reader, "total_value", "equity", "value", "balance");
        var cash = SqliteColumns.Ordinal(reader, "balance", "cash");
        var id = SqliteColumns.Ordinal(reader, "id");
        while (reader.Read())
        {
            var botId = SqliteColumns.Text(reader, bot);
            var at = SqliteColumns.Time(reader, time);
            var value = SqliteColumns.Decimal(reader, equity);
            if (botId is null || at is null || value is null)
            {
                continue;
            }

            if (!result.TryGetValue(botId, out var list))
            {
                list = [];
                result[botId] = list;
            }

            list.Add(new SnapshotRecord(
                botId,
                at.Value,
                value.Value,
                cash == equity ? null : SqliteColumns.Decimal(reader, cash),
                "USDT",
                new Provenance($"arena:{botId}", $"{table}.id={SqliteColumns.Text(reader, id)}")));
        }

        return result;
    }

    private static string BotConfig(JsonElement bot, string sourceId, ArenaTables tables)
    {
        var config = new JsonObject { ["sourceId"] = sourceId };
        foreach (var key in new[] { "provider", "initialBalance", "tradingMode", "isPaused", "prompt" })
        {
            if (JsonValues.Find(bot, key) is { } value && value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                config[key] = JsonNode.Parse(value.GetRawText());
            }
        }

        if (tables.BotRows.TryGetValue(sourceId, out var row)
            && row.TryGetValue("provider_id", out var providerId)
            && tables.ProviderRows.TryGetValue(Convert.ToString(providerId, CultureInfo.InvariantCulture) ?? "", out var provider))
        {
            var node = new JsonObject();
            foreach (var (column, value) in provider)
            {
                if (value is null)
                {
                    continue;
                }

                var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                if (SecretRedactor.IsSecretKey(column))
                {
                    if (text.Length > 0)
                    {
                        node[column] = SecretRedactor.RedactValue(text);
                    }

                    continue;
                }

                node[column] = text;
            }

            config["llmProvider"] = node;
        }

        return config.ToJsonString(ConfigJson);
    }

    private static Dictionary<string, string> BotNames(JsonElement bots, ImportOptions options)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var bot in bots.EnumerateArray())
        {
            var id = JsonValues.String(bot, "id") ?? "";
            var name = JsonValues.String(bot, "name") is { Length: > 0 } n ? n : id;
            if (options.BotName is { Length: > 0 } prefix)
            {
                name = $"{prefix} / {name}";
            }

            names[id] = taken.Add(name) ? name : $"{name} ({id})";
        }

        return names;
    }

    private static string Instrument(string symbol, bool isLong)
    {
        var parsed = Symbol.Parse(symbol, "USDT");
        var perpetual = parsed.Kind == InstrumentKind.Perpetual ? symbol : $"{symbol}:{parsed.Quote}";
        return $"{perpetual}#{(isLong ? PositionDirection.Long : PositionDirection.Short).ToText()}";
    }

    private static string OpenKey(ArenaOpenEntry e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.Entry.Symbol}|{e.Entry.Direction}|{N(e.Entry.Price)}|{N(e.Remaining)}|{N(e.Entry.Leverage)}");

    private static string PositionKey(JsonElement p) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{JsonValues.String(p, "symbol")}|{JsonValues.String(p, "type", "side", "direction")?.ToUpperInvariant()}|{N(JsonValues.Decimal(p, "entryPrice", "entry_price"))}|{N(JsonValues.Decimal(p, "size", "quantity"))}|{N(JsonValues.Decimal(p, "leverage"))}");

    /// <summary>Decimal text without trailing zeros, so that 1.50 and 1.5 compare equal as keys.</summary>
    private static string N(decimal? value) =>
        value is { } v ? (v / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture) : "";

    private static BotMode ModeOf(string? text) =>
        text?.Trim().ToLowerInvariant() switch
        {
            "live" or "real" => BotMode.Live,
            "backtest" => BotMode.Backtest,
            "test" => BotMode.Test,
            _ => BotMode.Paper,
        };

    private static string? Text(Dictionary<string, object?>? row, string column) =>
        row is not null && row.TryGetValue(column, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    private static string? Generation(ArenaTables tables) =>
        tables.SystemSettings.TryGetValue("schema_version", out var version) ? $"schema {version}" : null;

    private static int MarketSymbols(JsonElement root) =>
        JsonValues.Find(root, "marketData", "market_data", "markets") is { ValueKind: JsonValueKind.Array } m ? m.GetArrayLength() : 0;
}
