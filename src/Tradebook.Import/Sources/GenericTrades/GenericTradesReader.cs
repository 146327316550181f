using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;
using Tradebook.Import.Consolidation;
using Tradebook.Import.Writing;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// Reads any SQLite database holding a table of trades written by another bot. The table and its
/// columns are found by name (or given by a mapping file); a bots table referenced by the trades
/// becomes Tradebook's bots, otherwise the source is one bot.
/// </summary>
/// <param name="mappingFile">A mapping the user gave: detection then recognises the tables it describes.</param>
public sealed class GenericTradesReader(string? mappingFile = null) : IStreamingSourceReader
{
    public GenericTradesReader()
        : this(null)
    {
    }

    public string Format => "sqlite-trades";

    public bool CanRead(string path)
    {
        var mapping = mappingFile is null ? null : TradeMapping.Load(mappingFile);
        return SqliteFiles.Satisfies(path, connection => TradeTableDetector.TryDetect(connection, mapping, out _) is not null);
    }

    public ImportSet Read(string path, ImportOptions options) => ReadSource(path, options).Set;

    public ImportSet Read(string path, ImportOptions options, FillStream stream) => ReadSource(path, options, stream).Set;

    /// <summary>
    /// Reads the source together with what consolidation needs to know about it (fees present, bot
    /// references); each accepted fill also goes to <paramref name="stream"/> when one is given.
    /// </summary>
    public ConsolidationSource ReadSource(string path, ImportOptions options, FillStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteFiles.EnsureSqlite(path);
        using var copy = SqliteSourceCopy.Create(path);
        using var connection = copy.Open();
        return ReadTables(connection, new SourceInfo(path, Format, ReadWal: copy.HadWal), options, stream);
    }

    /// <summary>
    /// Reads the trades table of the open database <paramref name="connection"/> as the source <paramref name="source"/>
    /// names it (its path, format): for a source that is not a SQLite file but is loaded as one (a CSV file).
    /// </summary>
    internal static ConsolidationSource ReadTables(SqliteConnection connection, SourceInfo source, ImportOptions options, FillStream? stream)
    {
        var path = source.Path;
        var mapping = options.MappingFile is { } file ? TradeMapping.Load(file) : null;
        var layout = TradeTableDetector.Detect(connection, mapping, path, options.DateOrder);
        var set = new ImportSet(source with { Generation = Describe(layout) });
        set.AddMissing(ReferencedTables.Missing(connection, (table, key) =>
            table.Equals(layout.Table.Name, StringComparison.OrdinalIgnoreCase) && key.FromColumn.Equals(layout[TradeRole.Bot], StringComparison.OrdinalIgnoreCase)
                ? $"the trades' bots (their names, strategies and modes): the trades are imported under bots named by {key.FromColumn}"
                : null));
        var bots = new BotResolver(set, options, mapping, path);
        if (layout.Bots is { } botsLayout && mapping?.Bot is null)
        {
            bots.AddTable(BotTableReader.Read(connection, botsLayout, options, set));
        }

        ReadTrades(connection, layout, options, set, bots, stream);
        if (bots.OrphanRows > 0)
        {
            set.Warnings.Add(
                $"{bots.OrphanRows} trades reference bots missing from table \"{layout.Bots?.Table.Name}\" "
                + $"({string.Join(", ", bots.MissingBots.Values)}); they are kept under placeholder bots.");
        }

        if (layout[TradeRole.Fee] is null)
        {
            set.Warnings.Add($"Table \"{layout.Table.Name}\" has no fee column: fees are recorded as zero.");
        }
        else if (layout.FeesPaidNegative && mapping?.FeesPaid is null)
        {
            set.Warnings.Add(
                $"Table \"{layout.Table.Name}\" writes the fees paid in {layout[TradeRole.Fee]} as negative amounts: they are read as fees paid, and a positive one "
                + "as a rebate. A mapping file with \"fees_paid\": \"positive\" reads them as written.");
        }

        if (NumericDates.Warning(layout.Dates, $"Table \"{layout.Table.Name}\" writes dates such as 02/01/2024 in {layout[TradeRole.Time]}", mappingFile: true) is { } dates)
        {
            set.Warnings.Add(dates);
        }

        return new ConsolidationSource(path, set, layout[TradeRole.Fee] is not null, bots.Refs, bots.MissingBots, bots.OrphanRows);
    }

    private static void ReadTrades(SqliteConnection connection, TradesLayout layout, ImportOptions options, ImportSet set, BotResolver bots, FillStream? stream)
    {
        // Fixed ordinals; a role the table lacks is selected as NULL so the loop needs no lookups.
        TradeRole[] roles =
            [TradeRole.Symbol, TradeRole.Side, TradeRole.Quantity, TradeRole.Price, TradeRole.Time, TradeRole.Fee,
             TradeRole.FeeCurrency, TradeRole.Key, TradeRole.OrderId, TradeRole.Bot, TradeRole.Status,
             TradeRole.BaseAsset, TradeRole.QuoteAsset, TradeRole.QuoteAmount, layout[TradeRole.SellFlag] is null ? TradeRole.BuyFlag : TradeRole.SellFlag];
        var select = string.Join(", ", roles.Select(r => layout[r] is { } c ? SqliteFiles.Quote(c) : "NULL"));
        var rowRef = layout.RowRef is null ? "NULL" : layout.RowRef == "rowid" ? "rowid" : SqliteFiles.Quote(layout.RowRef);
        var sql = $"SELECT {rowRef}, {select} FROM {SqliteFiles.Quote(layout.Table.Name)}";

        var table = layout.Table.Name;
        var refPrefix = layout.RowRef is null ? table + "#" : $"{table}.{layout.RowRef}=";
        var keyName = layout[TradeRole.Key] ?? "content hash";
        var hasKey = layout[TradeRole.Key] is not null;
        var hasFee = layout[TradeRole.Fee] is not null;
        var hasStatus = layout[TradeRole.Status] is not null;

        // A trade given as two amounts: the pair from two coin columns, the side from a flag, the price derived.
        var pairFromCoins = layout[TradeRole.Symbol] is null;
        var flagMeansSell = layout[TradeRole.SellFlag] is not null;
        var flagName = layout[TradeRole.SellFlag] ?? layout[TradeRole.BuyFlag];
        var sideFromFlag = layout[TradeRole.Side] is null && flagName is not null;

        // Neither a side nor a flag: the detector found quantities signed, negative for sells.
        var sideFromSign = layout[TradeRole.Side] is null && flagName is null;
        var priceFromQuote = layout[TradeRole.Price] is null;
        var pairs = new Dictionary<(string, string), string>();
        var sourceName = $"{set.Source.Format}:{Path.GetFileName(set.Source.Path)}";
        var rules = options.TestRules;
        var seen = new Dictionary<string, FillRecord>(StringComparer.Ordinal);

        // Symbols and fee currencies repeat on every row: one string each is kept, not one per row.
        var names = new SharedNames();
        long rowNumber = 0;

        using var row = new SqliteRows(connection, sql);
        while (row.Read())
        {
            rowNumber++;
            var reference = layout.RowRef is null || row.IsNull(0)
                ? string.Create(CultureInfo.InvariantCulture, $"{refPrefix}{rowNumber}")
                : row.Type(0) == SqliteValueType.Integer ? string.Create(CultureInfo.InvariantCulture, $"{refPrefix}{row.Int64(0)}") : refPrefix + row.String(0);

            // A row its own status says never filled is rejected for that, whatever else it lacks.
            if (hasStatus && !row.IsNull(11) && row.String(11) is var status && TradeValues.IsNotFilled(status))
            {
                set.Rejections.Add(new Rejection(reference, $"status \"{status}\" is not a fill"));
                continue;
            }

            var symbol = pairFromCoins ? Pair(pairs, names.Read(row, 12), names.Read(row, 13)) : names.Read(row, 1);
            if (string.IsNullOrEmpty(symbol))
            {
                set.Rejections.Add(new Rejection(reference, pairFromCoins ? $"no pair: base {row.Shown(12)}, quote {row.Shown(13)}" : "no symbol"));
                continue;
            }

            // A side signed into the quantity is read with the quantity, below.
            Side side = default;
            if (sideFromFlag)
            {
                if (!TradeValues.TryReadFlag(row, 15, out var flag))
                {
                    set.Rejections.Add(new Rejection(reference, $"{flagName} {row.Shown(15)} is neither true nor false"));
                    continue;
                }

                side = flag == flagMeansSell ? Side.Sell : Side.Buy;
            }
            else if (!sideFromSign && !(layout.SideValues is { } sideValues ? TradeValues.TryReadSide(row, 2, sideValues, out side) : TradeValues.TryReadSide(row, 2, out side)))
            {
                set.Rejections.Add(new Rejection(reference, SideProblem(row, layout)));
                continue;
            }

            if (!TradeValues.TryReadAmount(row, 3, out var quantity, out var quantityUnit))
            {
                set.Rejections.Add(new Rejection(reference, $"quantity {row.Shown(3)} is not a number"));
                continue;
            }

            if (sideFromSign)
            {
                side = quantity < 0 ? Side.Sell : Side.Buy;
                quantity = Math.Abs(quantity);
            }
            else if (quantity < 0)
            {
                if (side == Side.Buy)
                {
                    set.Rejections.Add(new Rejection(reference, $"quantity {quantity.ToString(CultureInfo.InvariantCulture)} is negative for a buy: its side and its sign disagree"));
                    continue;
                }

                // A sell signed negative as well (a broker's report signs what left the account): the two agree.
                quantity = -quantity;
            }

            if (quantity <= 0 && (rules is null || quantity < 0))
            {
                set.Rejections.Add(new Rejection(reference, $"quantity {quantity.ToString(CultureInfo.InvariantCulture)} is not positive"));
                continue;
            }

            decimal price;
            string? priceUnit = null, paidUnit = null;
            if (priceFromQuote)
            {
                if (!TradeValues.TryReadAmount(row, 14, out var paid, out paidUnit))
                {
                    set.Rejections.Add(new Rejection(reference, $"quote amount {row.Shown(14)} is not a number"));
                    continue;
                }

                // A report signs the cash a trade moved (a buy's paid out negative); the side says which way it went.
                paid = Math.Abs(paid);

                if (quantity == 0)
                {
                    set.Rejections.Add(new Rejection(reference, "quantity 0: no price can be derived from the quote amount"));
                    continue;
                }

                // Exact in decimal: what was paid per coin, to decimal's 28 significant digits.
                price = paid / quantity;
            }
            else if (!TradeValues.TryReadAmount(row, 4, out price, out priceUnit) || price < 0)
            {
                set.Rejections.Add(new Rejection(reference, $"price {row.Shown(4)} is not a non-negative number"));
                continue;
            }

            if (!TradeValues.TryReadTime(row, 5, out var time, layout.Dates))
            {
                var ambiguous = layout.Dates is { Order: null } && row.Type(5) == SqliteValueType.Text && NumericDates.IsDate(row.String(5));
                set.Rejections.Add(new Rejection(reference, $"time {row.Shown(5)} {(ambiguous ? "may be day first or month first: the column writes both" : "is neither ISO-8601 nor unix time")}"));
                continue;
            }

            var fee = 0m;
            string? feeUnit = null;
            if (hasFee && !row.IsNull(6) && !TradeValues.TryReadFee(row, 6, out fee, out feeUnit))
            {
                set.Rejections.Add(new Rejection(reference, $"fee {row.Shown(6)} is not a number"));
                continue;
            }

            if (layout.FeesPaidNegative)
            {
                fee = -fee;
            }

            var feeCurrency = names.Read(row, 7);
            if (AmountUnits.Problem(symbol, quantityUnit, priceUnit ?? paidUnit, feeUnit, ref feeCurrency) is { } unitProblem)
            {
                set.Rejections.Add(new Rejection(reference, unitProblem));
                continue;
            }

            var orderId = row.IsNull(9) ? null : Text(row, 9);
            var bot = bots.Resolve(row, 10);
            if (rules is not null && rules.IsTestTrade(symbol, quantity, price))
            {
                bot = bots.TestBotOf(bot);
                set.TestRows.Add(reference);
            }

            feeCurrency = string.IsNullOrEmpty(feeCurrency) ? null : feeCurrency;
            var id = hasKey && !row.IsNull(8) ? Text(row, 8) : null;
            if (string.IsNullOrEmpty(id))
            {
                id = RowHash.Of(bot, symbol, side, quantity, price, fee, feeCurrency, time, orderId);
            }

            var fill = new FillRecord(bot, id, symbol, side, quantity, price, fee, feeCurrency, time, orderId, Provenance: new Provenance(sourceName, reference));

            // Streamed, the fills go to the stream, which finds a repeated id on disk; read whole, they stay in the set.
            var first = stream is not null ? stream.Add(fill, set) : seen.TryAdd(fill.Id, fill) ? null : seen[fill.Id];
            if (first is not null)
            {
                if (FillComparison.SameValues(first, fill))
                {
                    set.Duplicates.Add($"{reference} repeats {first.Provenance?.SourceRef}");
                }
                else
                {
                    var differences = FillComparison.Differences(first, fill);
                    set.Rejections.Add(new Rejection(
                        reference,
                        $"{keyName} {fill.Id} is also {first.Provenance?.SourceRef} with other values "
                        + $"({string.Join(", ", differences.Select(d => $"{d.Field}: {d.WinnerValue} there, {d.OtherValue} here"))}); the first is kept"));
                }

                continue;
            }

            if (stream is null)
            {
                set.Fills.Add(fill);
            }
        }

        stream?.Flush(set);
    }

    /// <summary>Why the side of a row was not read: a number (an enum stored as one) needs a mapping of its values.</summary>
    private static string SideProblem(SqliteRows row, TradesLayout layout)
    {
        if (layout.SideValues is { } values)
        {
            return $"side {row.Shown(2)} is none of {string.Join(", ", values.Keys.Select(v => $"\"{v}\""))}";
        }

        var number = row.Type(2) is SqliteValueType.Integer or SqliteValueType.Float
            || decimal.TryParse(row.String(2), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return $"side {row.Shown(2)} is not buy/sell, long/short or b/s"
            + (number ? $"; a mapping file's \"sides\" says what each of {layout[TradeRole.Side]}'s numbers means, as {{\"sides\": {{\"0\": \"buy\", \"1\": \"sell\"}}}}" : string.Empty);
    }

    /// <summary>BASE/QUOTE from two coin columns (one string per pair), or null when either is missing.</summary>
    private static string? Pair(Dictionary<(string, string), string> pairs, string? baseAsset, string? quoteAsset)
    {
        if (string.IsNullOrEmpty(baseAsset) || string.IsNullOrEmpty(quoteAsset))
        {
            return null;
        }

        if (!pairs.TryGetValue((baseAsset, quoteAsset), out var pair))
        {
            pair = $"{baseAsset}/{quoteAsset}";
            pairs[(baseAsset, quoteAsset)] = pair;
        }

        return pair;
    }

    private static string Text(SqliteRows row, int ordinal) =>
        row.Type(ordinal) == SqliteValueType.Integer
            ? row.Int64(ordinal).ToString(CultureInfo.InvariantCulture)
            : row.String(ordinal).Trim();

    private static string Describe(TradesLayout layout) =>
        $"{layout.Table.Name}({string.Join(", ", layout.Columns.Select(c => $"{c.Key.ToString().ToLowerInvariant()}={c.Value}"))}"
        + $"{((layout[TradeRole.Side] ?? layout[TradeRole.SellFlag] ?? layout[TradeRole.BuyFlag]) is null ? ", side=sign of quantity" : string.Empty)}"
        + $"{(layout.FeesPaidNegative ? ", fees paid negative" : string.Empty)}"
        + $"{(layout.Dates?.Order is { } order ? $", dates {(order == DateOrder.DayFirst ? "day" : "month")} first" : string.Empty)})"
        + (layout.Bots is { } bots ? $" bots={bots.Table.Name}" : "");
}
