using System.Globalization;
using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;
using Tradebook.Import.Consolidation;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// Reads any SQLite database holding a table of trades written by another bot. The table and its
/// columns are found by name (or given by a mapping file); a bots table referenced by the trades
/// becomes Tradebook's bots, otherwise the source is one bot.
/// </summary>
public sealed class GenericTradesReader : ISourceReader
{
    public string Format => "sqlite-trades";

    public bool CanRead(string path)
    {
        if (!SqliteFile.HasSqliteHeader(path))
        {
            return false;
        }

        try
        {
            using var copy = SqliteSourceCopy.Create(path);
            using var connection = copy.Open();
            return TradeTableDetector.TryDetect(connection, null, out _) is not null;
        }
        catch (SqliteException)
        {
            // A damaged or encrypted file is not one this reader can read.
            return false;
        }
    }

    public ImportSet Read(string path, ImportOptions options) => ReadSource(path, options).Set;

    /// <summary>Reads the source together with what consolidation needs to know about it (fees present, bot references).</summary>
    public ConsolidationSource ReadSource(string path, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        SqliteFile.EnsureSqlite(path);
        var mapping = options.MappingFile is { } file ? TradeMapping.Load(file) : null;
        using var copy = SqliteSourceCopy.Create(path);
        using var connection = copy.Open();
        var layout = TradeTableDetector.Detect(connection, mapping, path);
        var set = new ImportSet(new SourceInfo(path, Format, Describe(layout), copy.HadWal));
        var bots = new BotResolver(set, options, mapping, path);
        if (layout.Bots is { } botsLayout && mapping?.Bot is null)
        {
            bots.AddTable(BotTableReader.Read(connection, botsLayout, options, set));
        }

        ReadTrades(connection, layout, options, set, bots);
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

        return new ConsolidationSource(path, set, layout[TradeRole.Fee] is not null, bots.Refs, bots.MissingBots, bots.OrphanRows);
    }

    private static void ReadTrades(SqliteConnection connection, TradesLayout layout, ImportOptions options, ImportSet set, BotResolver bots)
    {
        // Fixed ordinals; a role the table lacks is selected as NULL so the loop needs no lookups.
        TradeRole[] roles =
            [TradeRole.Symbol, TradeRole.Side, TradeRole.Quantity, TradeRole.Price, TradeRole.Time, TradeRole.Fee,
             TradeRole.FeeCurrency, TradeRole.Key, TradeRole.OrderId, TradeRole.Bot, TradeRole.Status];
        var select = string.Join(", ", roles.Select(r => layout[r] is { } c ? SqliteSchema.Quote(c) : "NULL"));
        var rowRef = layout.RowRef is null ? "NULL" : layout.RowRef == "rowid" ? "rowid" : SqliteSchema.Quote(layout.RowRef);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {rowRef}, {select} FROM {SqliteSchema.Quote(layout.Table.Name)}";

        var table = layout.Table.Name;
        var refPrefix = layout.RowRef is null ? table + "#" : $"{table}.{layout.RowRef}=";
        var keyName = layout[TradeRole.Key] ?? "content hash";
        var hasKey = layout[TradeRole.Key] is not null;
        var hasFee = layout[TradeRole.Fee] is not null;
        var hasStatus = layout[TradeRole.Status] is not null;
        var sourceName = $"{set.Source.Format}:{Path.GetFileName(set.Source.Path)}";
        var rules = options.TestRules;
        var seen = new Dictionary<string, FillRecord>(StringComparer.Ordinal);

        // Symbols and fee currencies repeat on every row: one string each is kept, not one per row.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        long rowNumber = 0;

        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rowNumber++;
            var reference = layout.RowRef is null || reader.IsDBNull(0)
                ? string.Create(CultureInfo.InvariantCulture, $"{refPrefix}{rowNumber}")
                : reader.GetFieldType(0) == typeof(long) ? string.Create(CultureInfo.InvariantCulture, $"{refPrefix}{reader.GetInt64(0)}") : refPrefix + reader.GetString(0);

            var symbol = reader.IsDBNull(1) ? null : Shared(names, reader.GetString(1).Trim());
            if (string.IsNullOrEmpty(symbol))
            {
                set.Rejections.Add(new Rejection(reference, "no symbol"));
                continue;
            }

            var sideText = reader.IsDBNull(2) ? null : reader.GetString(2);
            if (!TradeValues.TryParseSide(sideText, out var side))
            {
                set.Rejections.Add(new Rejection(reference, $"side {Shown(reader, 2)} is not buy/sell, long/short or b/s"));
                continue;
            }

            if (!TradeValues.TryReadDecimal(reader, 3, out var quantity))
            {
                set.Rejections.Add(new Rejection(reference, $"quantity {Shown(reader, 3)} is not a number"));
                continue;
            }

            if (quantity <= 0 && (rules is null || quantity < 0))
            {
                set.Rejections.Add(new Rejection(reference, $"quantity {quantity.ToString(CultureInfo.InvariantCulture)} is not positive"));
                continue;
            }

            if (!TradeValues.TryReadDecimal(reader, 4, out var price) || price < 0)
            {
                set.Rejections.Add(new Rejection(reference, $"price {Shown(reader, 4)} is not a non-negative number"));
                continue;
            }

            if (!TradeValues.TryReadTime(reader, 5, out var time))
            {
                set.Rejections.Add(new Rejection(reference, $"time {Shown(reader, 5)} is neither ISO-8601 nor unix time"));
                continue;
            }

            var fee = 0m;
            if (hasFee && !reader.IsDBNull(6) && !TradeValues.TryReadDecimal(reader, 6, out fee))
            {
                set.Rejections.Add(new Rejection(reference, $"fee {Shown(reader, 6)} is not a number"));
                continue;
            }

            if (hasStatus && !reader.IsDBNull(11) && reader.GetString(11) is var status && TradeValues.IsNotFilled(status))
            {
                set.Rejections.Add(new Rejection(reference, $"status \"{status}\" is not a fill"));
                continue;
            }

            var feeCurrency = reader.IsDBNull(7) ? null : Shared(names, reader.GetString(7).Trim());
            var orderId = reader.IsDBNull(9) ? null : Text(reader, 9);
            var bot = bots.Resolve(reader, 10);
            if (rules is not null && rules.IsTestTrade(symbol, quantity, price))
            {
                bot = bots.TestBotOf(bot);
                set.TestRows.Add(reference);
            }

            feeCurrency = string.IsNullOrEmpty(feeCurrency) ? null : feeCurrency;
            var id = hasKey && !reader.IsDBNull(8) ? Text(reader, 8) : null;
            if (string.IsNullOrEmpty(id))
            {
                id = RowHash.Of(bot, symbol, side, quantity, price, fee, feeCurrency, time, orderId);
            }

            var fill = new FillRecord(bot, id, symbol, side, quantity, price, fee, feeCurrency, time, orderId, Provenance: new Provenance(sourceName, reference));

            if (seen.TryGetValue(fill.Id, out var first))
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

            seen.Add(fill.Id, fill);
            set.Fills.Add(fill);
        }
    }

    private static string Shared(Dictionary<string, string> names, string value)
    {
        if (names.TryGetValue(value, out var shared))
        {
            return shared;
        }

        // A table of unique strings would grow without bound: stop sharing past a few thousand.
        if (names.Count < 4096)
        {
            names[value] = value;
        }

        return value;
    }

    private static string Text(SqliteDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(long)
            ? reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture)
            : reader.GetString(ordinal).Trim();

    /// <summary>The raw value as the rejection reason shows it.</summary>
    private static string Shown(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? "(empty)" : "\"" + Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture) + "\"";

    private static string Describe(TradesLayout layout) =>
        $"{layout.Table.Name}({string.Join(", ", layout.Columns.Select(c => $"{c.Key.ToString().ToLowerInvariant()}={c.Value}"))})"
        + (layout.Bots is { } bots ? $" bots={bots.Table.Name}" : "");
}
