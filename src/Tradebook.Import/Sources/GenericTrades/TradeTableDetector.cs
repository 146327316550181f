using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// Finds the table of trades by its column names (a mapping overrides any part of it), and the table of
/// bots its rows point to.
/// </summary>
internal static class TradeTableDetector
{
    private static readonly TradeRole[] Required = [TradeRole.Symbol, TradeRole.Side, TradeRole.Quantity, TradeRole.Price, TradeRole.Time];

    private static readonly TradeRole[] Optional =
        [TradeRole.Fee, TradeRole.FeeCurrency, TradeRole.Key, TradeRole.OrderId, TradeRole.Bot, TradeRole.Status];

    private static readonly string[] TradeWords = ["trade", "fill", "execution"];

    public static TradesLayout? TryDetect(SqliteConnection connection, TradeMapping? mapping, out string problem, DateOrder? dateOrder = null)
    {
        var tables = SqliteTables.Tables(connection);
        problem = "";
        IEnumerable<TableSchema> candidates = tables;
        if (mapping?.Table is { } wanted)
        {
            candidates = tables.Where(t => string.Equals(t.Name, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
            if (!candidates.Any())
            {
                problem = $"the mapped table \"{wanted}\" does not exist (tables: {string.Join(", ", tables.Select(t => t.Name))})";
                return null;
            }
        }

        TradesLayout? best = null;
        var bestScore = int.MinValue;
        var nearest = "";
        var nearestMissing = int.MaxValue;
        foreach (var table in candidates)
        {
            var columns = MapColumns(connection, table, mapping, out var missing, out var badMapping);
            if (badMapping is not null)
            {
                problem = badMapping;
                return null;
            }

            if (missing.Count > 0)
            {
                if (missing.Count < nearestMissing)
                {
                    nearestMissing = missing.Count;
                    nearest = $"table \"{table.Name}\" lacks a column for {string.Join(", ", missing.Select(Missing))}";
                }

                continue;
            }

            var score = columns.Count * 2 + (TradeWords.Any(w => table.Name.Contains(w, StringComparison.OrdinalIgnoreCase)) ? 5 : 0);
            if (score > bestScore)
            {
                bestScore = score;
                best = new TradesLayout(table, columns, RowRef(table), null);
            }
        }

        if (best is null)
        {
            problem = nearest.Length > 0
                ? $"no table of trades found: need columns for symbol (or base and quote asset), side (or a selling/buying flag, or quantities signed negative for sells), quantity, price (or the quote amount) and time; nearest: {nearest}"
                : "no table of trades found: the database has no tables";
            return null;
        }

        var feesPaidNegative = mapping?.FeesPaid is { } sign
            ? sign == FeeSign.Negative
            : best[TradeRole.Fee] is { } fee && Signs(connection, best.Table, fee) is (> 0, 0);
        var dates = (mapping?.DateOrder ?? dateOrder) is { } order
            ? new DateColumn(order, Assumed: false)
            : NumericDates.Detect(TextValues(connection, best.Table, best[TradeRole.Time]!));
        var sides = mapping?.Sides ?? (best[TradeRole.Side] is { } side && SignedDirections(connection, best.Table, side) ? Directions : null);
        return best with { Bots = DetectBots(connection, tables, best), FeesPaidNegative = feesPaidNegative, Dates = dates, SideValues = sides };
    }

    /// <summary>A direction written as its sign: 1 buys, -1 sells.</summary>
    private static readonly Dictionary<string, Side> Directions = new(StringComparer.Ordinal) { ["1"] = Side.Buy, ["+1"] = Side.Buy, ["-1"] = Side.Sell };

    /// <summary>
    /// Whether the side column writes a direction as its sign: among its first 1,000 values a -1, and nothing but 1
    /// and -1. A column of 0 and 1 (an enum stored as a number) tells no side by itself: it needs a mapping.
    /// </summary>
    private static bool SignedDirections(SqliteConnection connection, TableSchema table, string column)
    {
        using var command = connection.CreateCommand();
        var quoted = SqliteFiles.Quote(column);
        command.CommandText = $"""
            SELECT count(CASE WHEN value = -1 THEN 1 END), count(CASE WHEN value NOT IN (1, -1) THEN 1 END)
            FROM (SELECT CASE WHEN trim({quoted}) GLOB '[+-]1' OR trim({quoted}) = '1' THEN CAST(trim({quoted}) AS INTEGER) ELSE 0 END AS value
                  FROM {SqliteFiles.Quote(table.Name)} WHERE {quoted} IS NOT NULL LIMIT 1000)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) > 0 && reader.GetInt64(1) == 0;
    }

    /// <summary>The first 100,000 values of <paramref name="column"/> stored as text.</summary>
    private static IEnumerable<string> TextValues(SqliteConnection connection, TableSchema table, string column)
    {
        using var command = connection.CreateCommand();
        var quoted = SqliteFiles.Quote(column);
        command.CommandText = $"SELECT {quoted} FROM {SqliteFiles.Quote(table.Name)} WHERE typeof({quoted}) = 'text' LIMIT 100000";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return reader.GetString(0);
        }
    }

    public static TradesLayout Detect(SqliteConnection connection, TradeMapping? mapping, string path, DateOrder? dateOrder = null) =>
        TryDetect(connection, mapping, out var problem, dateOrder) ?? throw new InvalidDataException($"{path}: {problem}.");

    private static Dictionary<TradeRole, string> MapColumns(
        SqliteConnection connection, TableSchema table, TradeMapping? mapping, out List<TradeRole> missing, out string? badMapping)
    {
        var columns = new Dictionary<TradeRole, string>();
        missing = [];
        badMapping = null;
        foreach (var (role, name) in mapping?.Columns ?? new Dictionary<TradeRole, string>())
        {
            if (table.Column(name) is not { } column)
            {
                badMapping = $"the mapped column \"{name}\" for {role.ToString().ToLowerInvariant()} is not in table \"{table.Name}\"";
                if (mapping?.Table is not null)
                {
                    return columns;
                }

                // Without a mapped table the mapping only rules out tables that lack its columns.
                badMapping = null;
                missing.Add(role);
                return columns;
            }

            columns[role] = column.Name;
        }

        foreach (var role in Required.Concat(Optional))
        {
            if (columns.ContainsKey(role) || (Alternatives.TryGetValue(role, out var instead) && instead.Any(columns.ContainsKey)))
            {
                continue;
            }

            var found = role == TradeRole.Side ? DetectSide(connection, table) : Detect(table, role, columns);
            if (found is not null)
            {
                columns[role] = found;
            }
            else if (Required.Contains(role) && !Alternative(table, role, columns))
            {
                missing.Add(role);
            }
        }

        // An order's id names a fill only while each order filled once: the rows of an order filled in parts (KuCoin's
        // trade history has an orderId and no trade id) would all but the first be refused as the same key with other
        // values. Such rows are keyed by their values instead; an order's rows repeated whole stay duplicates.
        if (mapping?.Columns.ContainsKey(TradeRole.Key) != true && columns.TryGetValue(TradeRole.Key, out var key)
            && ColumnNames.OrderId.Any(name => table.Column(name)?.Name == key)
            && FilledInParts(connection, table, key, [.. new[] { TradeRole.Quantity, TradeRole.Price, TradeRole.Time }.Where(columns.ContainsKey).Select(r => columns[r])]))
        {
            columns.Remove(TradeRole.Key);
        }

        // No side and no flag: a broker's or a bot's table may sign its quantities instead (negative sells). A table of
        // holdings or prices (quantities all positive) is never taken for trades signed by their quantity.
        if (missing.Contains(TradeRole.Side) && columns.TryGetValue(TradeRole.Quantity, out var quantity) && Signs(connection, table, quantity) is ( > 0, > 0))
        {
            missing.Remove(TradeRole.Side);
        }

        return columns;
    }

    /// <summary>Whether, among the first 100,000 rows, one value of <paramref name="order"/> has rows that differ in <paramref name="values"/>.</summary>
    private static bool FilledInParts(SqliteConnection connection, TableSchema table, string order, IReadOnlyList<string> values)
    {
        var fill = string.Join(" || '|' || ", values.Select(v => $"quote({SqliteFiles.Quote(v)})"));
        var quoted = SqliteFiles.Quote(order);
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT EXISTS (
                SELECT 1 FROM (SELECT {quoted} AS part_of, {fill} AS fill FROM {SqliteFiles.Quote(table.Name)} WHERE {quoted} IS NOT NULL LIMIT 100000)
                GROUP BY part_of HAVING count(DISTINCT fill) > 1)
            """;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>
    /// How many of the first 1,000 values of <paramref name="column"/> are negative, and how many positive: the signs
    /// tell quantities signed by side, and fees paid written as negative amounts (some negative, none positive; a
    /// column of both signs holds fees and rebates as written).
    /// </summary>
    private static (long Negative, long Positive) Signs(SqliteConnection connection, TableSchema table, string column)
    {
        using var command = connection.CreateCommand();
        var quoted = SqliteFiles.Quote(column);
        command.CommandText = $"""
            SELECT count(CASE WHEN CAST({quoted} AS REAL) < 0 THEN 1 END), count(CASE WHEN CAST({quoted} AS REAL) > 0 THEN 1 END)
            FROM (SELECT {quoted} FROM {SqliteFiles.Quote(table.Name)} WHERE {quoted} IS NOT NULL LIMIT 1000)
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// What stands in for a required role the table lacks: the pair as two coin columns, the side as a
    /// selling (or buying) flag, the price as the quote amount paid or received.
    /// </summary>
    private static readonly Dictionary<TradeRole, TradeRole[][]> Substitutes = new()
    {
        [TradeRole.Symbol] = [[TradeRole.BaseAsset, TradeRole.QuoteAsset]],
        [TradeRole.Side] = [[TradeRole.SellFlag], [TradeRole.BuyFlag]],
        [TradeRole.Price] = [[TradeRole.QuoteAmount]],
    };

    /// <summary>The roles each substitute role stands in for, so that a mapped substitute is not detected over.</summary>
    private static readonly Dictionary<TradeRole, TradeRole[]> Alternatives = new()
    {
        [TradeRole.Symbol] = [TradeRole.BaseAsset, TradeRole.QuoteAsset],
        [TradeRole.Side] = [TradeRole.SellFlag, TradeRole.BuyFlag],
        [TradeRole.Price] = [TradeRole.QuoteAmount],
    };

    /// <summary>Finds the substitute of <paramref name="role"/> in <paramref name="table"/> and adds its columns; false when there is none.</summary>
    private static bool Alternative(TableSchema table, TradeRole role, Dictionary<TradeRole, string> columns)
    {
        if (!Substitutes.TryGetValue(role, out var choices))
        {
            return false;
        }

        foreach (var roles in choices)
        {
            var found = new Dictionary<TradeRole, string>();
            foreach (var substitute in roles)
            {
                if (Detect(table, substitute, columns.Concat(found).ToDictionary(c => c.Key, c => c.Value)) is { } column)
                {
                    found[substitute] = column;
                }
            }

            if (found.Count == roles.Length)
            {
                foreach (var (substitute, column) in found)
                {
                    columns[substitute] = column;
                }

                return true;
            }
        }

        return false;
    }

    private static string Missing(TradeRole role) => role switch
    {
        TradeRole.Symbol => "symbol (or base and quote asset)",
        TradeRole.Side => "side (or a selling/buying flag, or quantities signed negative for sells)",
        TradeRole.Price => "price (or the quote amount)",
        _ => role.ToString().ToLowerInvariant(),
    };

    private static string? Detect(TableSchema table, TradeRole role, Dictionary<TradeRole, string> taken)
    {
        foreach (var name in ColumnNames.For(role))
        {
            if (table.Column(name) is not { } column || taken.ContainsValue(column.Name) && role != TradeRole.OrderId)
            {
                continue;
            }

            // A table's own row id is no exchange id: copies of one database number the same trade differently.
            if (role == TradeRole.Key && table.IsRowIdAlias(column.Name))
            {
                continue;
            }

            return column.Name;
        }

        return null;
    }

    /// <summary>
    /// "type" may hold the side or the order type (limit, market): the first candidate whose values read
    /// as sides (or as directions' signs, 1 and -1) wins, so that the column is chosen by content.
    /// </summary>
    private static string? DetectSide(SqliteConnection connection, TableSchema table)
    {
        string? first = null;
        foreach (var name in ColumnNames.Side)
        {
            if (table.Column(name) is not { } column)
            {
                continue;
            }

            first ??= column.Name;
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {SqliteFiles.Quote(column.Name)} FROM {SqliteFiles.Quote(table.Name)} WHERE {SqliteFiles.Quote(column.Name)} IS NOT NULL LIMIT 50";
            using var reader = command.ExecuteReader();
            int seen = 0, sides = 0;
            while (reader.Read())
            {
                seen++;
                var value = reader.GetValue(0)?.ToString()?.Trim();
                if (TradeValues.TryParseSide(value, out _) || (value is not null && Directions.ContainsKey(value)))
                {
                    sides++;
                }
            }

            if (seen == 0 || sides * 2 > seen)
            {
                return column.Name;
            }
        }

        return first is not null && table.Columns.Count(c => ColumnNames.Side.Contains(c.Name, StringComparer.OrdinalIgnoreCase)) == 1 ? first : null;
    }

    private static string? RowRef(TableSchema table)
    {
        if (table.Column("id") is { } id)
        {
            return id.Name;
        }

        // An INTEGER PRIMARY KEY under another name is the row id, named as the user knows it.
        if (table.Columns.FirstOrDefault(c => table.IsRowIdAlias(c.Name)) is { } alias)
        {
            return alias.Name;
        }

        return table.HasRowId ? "rowid" : null;
    }

    private static BotsLayout? DetectBots(SqliteConnection connection, IReadOnlyList<TableSchema> tables, TradesLayout trades)
    {
        if (trades[TradeRole.Bot] is not { } botColumn)
        {
            return null;
        }

        // A declared foreign key names the bots table; otherwise a table called bot(s) with an id and a name.
        TableSchema? table = null;
        string? idColumn = null;
        foreach (var key in trades.Table.IsView ? [] : SqliteTables.ForeignKeys(connection, trades.Table.Name))
        {
            if (string.Equals(key.FromColumn, botColumn, StringComparison.OrdinalIgnoreCase))
            {
                table = tables.FirstOrDefault(t => string.Equals(t.Name, key.ToTable, StringComparison.OrdinalIgnoreCase));
                idColumn = key.ToColumn;
            }
        }

        table ??= tables.FirstOrDefault(t => t.Name.Equals("bots", StringComparison.OrdinalIgnoreCase))
            ?? tables.FirstOrDefault(t => t.Name.Equals("bot", StringComparison.OrdinalIgnoreCase));
        if (table is null || table == trades.Table)
        {
            return null;
        }

        idColumn ??= table.Column("id")?.Name ?? table.Columns.FirstOrDefault(c => c.PrimaryKeyOrdinal == 1)?.Name;
        var nameColumn = ColumnNames.FirstPresent(ColumnNames.BotName, table.ColumnNames);
        if (idColumn is null || nameColumn is null)
        {
            return null;
        }

        return new BotsLayout(
            table,
            idColumn,
            nameColumn,
            ColumnNames.FirstPresent(ColumnNames.BotStrategy, table.ColumnNames),
            ColumnNames.FirstPresent(ColumnNames.BotParameters, table.ColumnNames),
            ColumnNames.FirstPresent(ColumnNames.BotExchange, table.ColumnNames),
            ColumnNames.FirstPresent(ColumnNames.BotMode, table.ColumnNames));
    }
}
