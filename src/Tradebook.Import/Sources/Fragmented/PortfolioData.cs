using Microsoft.Data.Sqlite;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.Fragmented;

internal sealed record SecurityRow(string Symbol, string Currency, bool Active);

internal sealed record TradeRow(string Id, string Symbol, Side Side, decimal Quantity, decimal Price, DateTimeOffset At, string? Currency, decimal? Rate, string SourceRef);

internal sealed record CashFlowRow(string Key, string Id, string Type, decimal Amount, string Currency, DateTimeOffset At, string? Status, string? Description, string SourceRef);

internal sealed record DividendRow(string Id, string Symbol, string? CashFlowId, decimal Amount, string Currency, DateTimeOffset At, string SourceRef);

internal sealed record SnapshotRow(DateTimeOffset At, decimal Equity, decimal? Cash, string SourceRef);

internal sealed record PositionRow(string Symbol, decimal Quantity);

/// <summary>A file holding one security's daily prices.</summary>
internal sealed record HistoryFile(string File, string Table, string? SymbolInContent, List<PriceBar> Bars, long Rows);

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
        foreach (var (table, columns) in tables)
        {
            counts[table] = SqliteFiles.Count(connection, table);
            var kind = PortfolioTables.Classify(columns);
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
                case PortfolioTableKind.DailyPrices: LoadPrices(rows, counts[table]); break;
                case PortfolioTableKind.Settings: LoadSettings(rows); break;
                default: break;
            }
        }

        RowCounts[file] = counts;
    }

    private void LoadSecurities(TableRows rows)
    {
        int symbol = rows.Col("symbol"), currency = rows.Col("currency"), active = rows.Col("active", "is_active", "enabled");
        while (rows.Read())
        {
            if (rows.Text(symbol) is { } s && rows.Text(currency) is { } c)
            {
                Securities.Add(new SecurityRow(s, c.ToUpperInvariant(), active < 0 || rows.Decimal(active) != 0m));
            }
        }
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

    private void LoadPrices(TableRows rows, long count)
    {
        int symbol = rows.Col("symbol", "ticker"), at = rows.Col("date", "timestamp", "time"), open = rows.Col("open"), high = rows.Col("high"),
            low = rows.Col("low"), close = rows.Col("close"), volume = rows.Col("volume");
        var bars = new List<PriceBar>();
        string? inContent = null;
        while (rows.Read())
        {
            inContent ??= rows.Text(symbol);
            if (rows.Time(at) is { } t && rows.Decimal(open) is { } o && rows.Decimal(high) is { } h && rows.Decimal(low) is { } l && rows.Decimal(close) is { } c)
            {
                // The symbol is filled in once the file is matched to a security.
                bars.Add(new PriceBar("", "1d", t, o, h, l, c, rows.Decimal(volume)));
            }
            else
            {
                Rejections.Add(new Rejection(rows.Ref(at), "price row without a date and open, high, low and close"));
            }
        }

        History.Add(new HistoryFile(rows.File, rows.Table, inContent, bars, count));
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

        public string? Text(int ordinal) => SqliteColumns.Text(reader, ordinal);

        public decimal? Decimal(int ordinal) => SqliteColumns.Decimal(reader, ordinal);

        public DateTimeOffset? Time(int ordinal) => SqliteColumns.Time(reader, ordinal);

        public string Ref(int keyOrdinal) => $"{file} {table}" + (keyOrdinal >= 0 ? $".{reader.GetName(keyOrdinal)}={Text(keyOrdinal)}" : "");
    }
}
