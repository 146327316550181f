using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.Fragmented;

/// <summary>A configured security: its symbol, trading currency, and every other code and qualifier its row holds.</summary>
/// <param name="Identifiers">Codes that name the listing (ISIN, other tickers), by column.</param>
/// <param name="Qualifiers">Values that say where or in what it trades (exchange, market, country, currency), by column.</param>
internal sealed record SecurityRow(
    string Symbol,
    string Currency,
    bool Active,
    IReadOnlyList<(string Column, string Value)> Identifiers,
    IReadOnlyList<(string Column, string Value)> Qualifiers);

internal sealed record TradeRow(string Id, string Symbol, Side Side, decimal Quantity, decimal Price, DateTimeOffset At, string? Currency, decimal? Rate, string SourceRef);

internal sealed record CashFlowRow(string Key, string Id, string Type, decimal Amount, string Currency, DateTimeOffset At, string? Status, string? Description, string SourceRef);

internal sealed record DividendRow(string Id, string Symbol, string? CashFlowId, decimal Amount, string Currency, DateTimeOffset At, string SourceRef);

internal sealed record SnapshotRow(DateTimeOffset At, decimal Equity, decimal? Cash, string SourceRef);

internal sealed record PositionRow(string Symbol, decimal Quantity);

/// <summary>A file holding one security's daily prices.</summary>
/// <param name="Content">What inside the file may name its security: identifier columns' values, table names, key/value rows.</param>
internal sealed record HistoryFile(string File, string Table, IReadOnlyList<(string Where, string Value)> Content, List<PriceBar> Bars, long Rows);

/// <summary>Everything read from the folder's SQLite files, table by table, before it is joined.</summary>
internal sealed class PortfolioData
{
    public List<SecurityRow> Securities { get; } = [];

    public List<TradeRow> Trades { get; } = [];

    public List<CashFlowRow> CashFlows { get; } = [];

    public List<DividendRow> DividendRows { get; } = [];

    public List<SnapshotRow> Snapshots { get; } = [];

    public List<FxRate> Rates { get; } = [];

    public List<PositionRow> Positions { get; } = [];

    public List<HistoryFile> History { get; } = [];

    public Dictionary<string, string> Settings { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<string> EmptyDatabases { get; } = [];

    public Dictionary<string, IReadOnlyDictionary<string, long>> RowCounts { get; } = new(StringComparer.Ordinal);

    public List<Rejection> Rejections { get; } = [];

    public void Load(SqliteConnection connection, string file)
    {
        var tables = SqliteFiles.Tables(connection);
        if (tables.Count == 0)
        {
            EmptyDatabases.Add(file);
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var kinds = tables.ToDictionary(t => t.Key, t => PortfolioTables.Classify(t.Value), StringComparer.OrdinalIgnoreCase);

        // In a file of daily prices, the other small tables describe that file's security, not the portfolio.
        var content = kinds.ContainsValue(PortfolioTableKind.DailyPrices) ? FileContent(connection, tables, kinds) : [];
        foreach (var (table, columns) in tables)
        {
            counts[table] = SqliteFiles.Count(connection, table);
            var kind = kinds[table];
            if (content.Count > 0 && kind == PortfolioTableKind.Settings)
            {
                continue;
            }

            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {SqliteFiles.Quote(table)}";
            using var reader = command.ExecuteReader();
            var rows = new TableRows(reader, file, table);
            switch (kind)
            {
                case PortfolioTableKind.Securities: LoadSecurities(rows); break;
                case PortfolioTableKind.Trades: LoadTrades(rows); break;
                case PortfolioTableKind.CashFlows: LoadCashFlows(rows); break;
                case PortfolioTableKind.Dividends: LoadDividends(rows); break;
                case PortfolioTableKind.Snapshots: LoadSnapshots(rows); break;
                case PortfolioTableKind.ExchangeRates: LoadRates(rows); break;
                case PortfolioTableKind.Positions: LoadPositions(rows); break;
                case PortfolioTableKind.DailyPrices: LoadPrices(rows, counts[table], content); break;
                case PortfolioTableKind.Settings: LoadSettings(rows); break;
                default: break;
            }
        }

        RowCounts[file] = counts;
    }

    private void LoadSecurities(TableRows rows)
    {
        int symbol = rows.Col(PortfolioColumns.Symbol), currency = rows.Col(PortfolioColumns.Currency), active = rows.Col(PortfolioColumns.Active);
        var identifiers = rows.Columns.Where(c => c.Ordinal != symbol && PortfolioColumns.IsIdentifier(c.Name)).ToList();
        var qualifiers = rows.Columns.Where(c => PortfolioColumns.Is(c.Name, PortfolioColumns.Qualifier)).ToList();
        while (rows.Read())
        {
            if (rows.Text(symbol) is { } s && rows.Text(currency) is { } c)
            {
                Securities.Add(new SecurityRow(
                    s.Trim(),
                    c.Trim().ToUpperInvariant(),
                    active < 0 || rows.Decimal(active) != 0m,
                    Values(rows, identifiers),
                    Values(rows, qualifiers)));
            }
        }
    }

    private static List<(string Column, string Value)> Values(TableRows rows, List<(string Name, int Ordinal)> columns) =>
        columns.Select(c => (c.Name, Value: rows.Text(c.Ordinal)?.Trim())).Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => (v.Name, v.Value!)).ToList();

    /// <summary>
    /// What a price file says about its own security besides its prices: its table names, and the values of
    /// identifier columns and key/value rows in its small tables (a <c>meta</c> table holding the ISIN).
    /// </summary>
    private static List<(string Where, string Value)> FileContent(SqliteConnection connection, Dictionary<string, List<string>> tables, Dictionary<string, PortfolioTableKind> kinds)
    {
        var content = tables.Keys.Select(t => ("table name", t)).ToList();
        foreach (var (table, columns) in tables)
        {
            if (kinds[table] == PortfolioTableKind.DailyPrices || SqliteFiles.Count(connection, table) > 20)
            {
                continue;
            }

            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {SqliteFiles.Quote(table)}";
            using var reader = command.ExecuteReader();
            var isKeyValue = kinds[table] == PortfolioTableKind.Settings;
            while (reader.Read())
            {
                if (isKeyValue)
                {
                    var key = SqliteColumns.Text(reader, SqliteColumns.Ordinal(reader, "key"));
                    var value = SqliteColumns.Text(reader, SqliteColumns.Ordinal(reader, "value"));
                    if (key is not null && value is not null && PortfolioColumns.IsIdentifier(key))
                    {
                        content.Add(($"{table}.{key}", value.Trim()));
                    }

                    continue;
                }

                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (PortfolioColumns.IsIdentifier(reader.GetName(i)) && SqliteColumns.Text(reader, i) is { Length: > 0 } value)
                    {
                        content.Add(($"{table}.{reader.GetName(i)}", value.Trim()));
                    }
                }
            }
        }

        return content;
    }

    private void LoadTrades(TableRows rows)
    {
        int id = rows.Col("id"), order = rows.Col("order_id", "broker_order_id"), symbol = rows.Col("symbol"), side = rows.Col("side"),
            quantity = rows.Col("quantity", "qty", "amount"), price = rows.Col("price"), at = rows.Col("executed_at", "timestamp", "date", "time"),
            currency = rows.Col("currency"), rate = rows.Col("currency_rate", "fx_rate", "rate");
        while (rows.Read())
        {
            var sourceRef = rows.Ref(id);
            var s = rows.Text(symbol);
            Side? sd = rows.Text(side)?.Trim().ToUpperInvariant() switch { "BUY" or "B" => Side.Buy, "SELL" or "S" => Side.Sell, _ => null };
            var q = rows.Decimal(quantity);
            var p = rows.Decimal(price);
            var t = rows.Time(at);
            if (s is null || sd is null || q is not > 0m || p is not >= 0m || t is null)
            {
                Rejections.Add(new Rejection(sourceRef, "trade without a symbol, a BUY/SELL side, a positive quantity, a price or a readable time"));
                continue;
            }

            // The broker's order id identifies the execution across copies of the ledger; the row id is the fallback.
            var fillId = rows.Text(order) ?? $"trades.id={rows.Text(id)}";
            Trades.Add(new TradeRow(fillId, s, sd.Value, q.Value, p.Value, t.Value, rows.Text(currency)?.ToUpperInvariant(), rows.Decimal(rate), sourceRef));
        }
    }

    private void LoadCashFlows(TableRows rows)
    {
        int id = rows.Col("id"), tx = rows.Col("transaction_id", "external_id"), type = rows.Col("transaction_type", "type", "kind"),
            amount = rows.Col("amount"), currency = rows.Col("currency"), at = rows.Col("date", "timestamp"), status = rows.Col("status"),
            description = rows.Col("description", "note");
        while (rows.Read())
        {
            var a = rows.Decimal(amount);
            var t = rows.Time(at);
            if (a is null || t is null || rows.Text(currency) is not { } c)
            {
                Rejections.Add(new Rejection(rows.Ref(id), "cash flow without an amount, a currency or a readable date"));
                continue;
            }

            var key = rows.Text(id) ?? rows.Text(tx) ?? "";
            CashFlows.Add(new CashFlowRow(key, rows.Text(tx) ?? $"cash_flows.id={key}", rows.Text(type) ?? "", a.Value, c.ToUpperInvariant(), t.Value, rows.Text(status), rows.Text(description), rows.Ref(id)));
        }
    }

    private void LoadDividends(TableRows rows)
    {
        int id = rows.Col("id"), symbol = rows.Col("symbol"), flow = rows.Col("cash_flow_id"), amount = rows.Col("amount"),
            currency = rows.Col("currency"), at = rows.Col("payment_date", "date", "ex_date");
        while (rows.Read())
        {
            var a = rows.Decimal(amount);
            var t = rows.Time(at);
            if (rows.Text(symbol) is not { } s || a is null || t is null || rows.Text(currency) is not { } c)
            {
                Rejections.Add(new Rejection(rows.Ref(id), "dividend without a symbol, an amount, a currency or a readable date"));
                continue;
            }

            DividendRows.Add(new DividendRow(rows.Text(id) ?? "", s, rows.Text(flow), a.Value, c.ToUpperInvariant(), t.Value, rows.Ref(id)));
        }
    }

    private void LoadSnapshots(TableRows rows)
    {
        int at = rows.Col("date", "timestamp"), equity = rows.Col("total_value", "equity"), cash = rows.Col("cash_balance", "cash");
        while (rows.Read())
        {
            if (rows.Time(at) is { } t && rows.Decimal(equity) is { } e)
            {
                Snapshots.Add(new SnapshotRow(t, e, rows.Decimal(cash), rows.Ref(at)));
            }
        }
    }

    private void LoadRates(TableRows rows)
    {
        int from = rows.Col("from_currency", "base"), to = rows.Col("to_currency", "quote"), at = rows.Col("date", "timestamp"), rate = rows.Col("rate");
        while (rows.Read())
        {
            if (rows.Text(from) is { } f && rows.Text(to) is { } q && rows.Time(at) is { } t && rows.Decimal(rate) is > 0m and var r)
            {
                Rates.Add(new FxRate(f.ToUpperInvariant(), q.ToUpperInvariant(), t, r));
            }
        }
    }

    private void LoadPositions(TableRows rows)
    {
        int symbol = rows.Col("symbol"), quantity = rows.Col("quantity");
        while (rows.Read())
        {
            if (rows.Text(symbol) is { } s && rows.Decimal(quantity) is { } q)
            {
                Positions.Add(new PositionRow(s, q));
            }
        }
    }

    private void LoadPrices(TableRows rows, long count, List<(string Where, string Value)> fileContent)
    {
        int at = rows.Col(PortfolioColumns.PriceDate), open = rows.Col(PortfolioColumns.Open), high = rows.Col(PortfolioColumns.High),
            low = rows.Col(PortfolioColumns.Low), close = rows.Col(PortfolioColumns.Close), volume = rows.Col(PortfolioColumns.Volume);

        // A table of one price per day: that price is the bar's open, high, low and close.
        var single = open < 0 ? rows.Col(PortfolioColumns.SinglePrice) : -1;
        var identifiers = rows.Columns.Where(c => PortfolioColumns.IsIdentifier(c.Name)).ToList();
        var content = new List<(string Where, string Value)>(fileContent);
        var bars = new List<PriceBar>();
        while (rows.Read())
        {
            if (content.Count == fileContent.Count)
            {
                content.AddRange(Values(rows, identifiers).Select(v => ($"{rows.Table}.{v.Column}", v.Value)));
            }

            if (single >= 0 && rows.Time(at) is { } day && rows.Decimal(single) is { } price)
            {
                bars.Add(new PriceBar("", "1d", day, price, price, price, price, rows.Decimal(volume)));
            }
            else if (single < 0 && rows.Time(at) is { } t && rows.Decimal(open) is { } o && rows.Decimal(high) is { } h && rows.Decimal(low) is { } l && rows.Decimal(close) is { } c)
            {
                // The symbol is filled in once the file is matched to a security.
                bars.Add(new PriceBar("", "1d", t, o, h, l, c, rows.Decimal(volume)));
            }
            else
            {
                Rejections.Add(new Rejection(rows.Ref(at), single >= 0 ? "price row without a date and a price" : "price row without a date and open, high, low and close"));
            }
        }

        History.Add(new HistoryFile(rows.File, rows.Table, content, bars, count));
    }

    private void LoadSettings(TableRows rows)
    {
        int key = rows.Col("key"), value = rows.Col("value");
        while (rows.Read())
        {
            if (rows.Text(key) is { } k)
            {
                Settings[k] = rows.Text(value) ?? "";
            }
        }
    }

    /// <summary>A table being read, with lookups by column name.</summary>
    private sealed class TableRows(SqliteDataReader reader, string file, string table)
    {
        public string File => file;

        public string Table => table;

        public bool Read() => reader.Read();

        public int Col(params string[] names) => SqliteColumns.Ordinal(reader, names);

        public IEnumerable<(string Name, int Ordinal)> Columns => Enumerable.Range(0, reader.FieldCount).Select(i => (reader.GetName(i), i));

        public string? Text(int ordinal) => SqliteColumns.Text(reader, ordinal);

        public decimal? Decimal(int ordinal) => SqliteColumns.Decimal(reader, ordinal);

        public DateTimeOffset? Time(int ordinal) => SqliteColumns.Time(reader, ordinal);

        public string Ref(int keyOrdinal) => $"{file} {table}" + (keyOrdinal >= 0 ? $".{reader.GetName(keyOrdinal)}={Text(keyOrdinal)}" : "");
    }
}
