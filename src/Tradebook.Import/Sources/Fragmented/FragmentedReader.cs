using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.Fragmented;

/// <summary>
/// Reads a portfolio app that spread its data over many SQLite files in one folder: every file is
/// found by its SQLite header and every table recognised by its columns (securities, trades, cash
/// flows, dividends, snapshots, exchange rates, cached positions, daily prices), then joined into one
/// portfolio bot. Each file is read from a private copy with its WAL, so trades that live only in an
/// uncheckpointed WAL are imported.
/// </summary>
/// <remarks>
/// Instruments are written <c>SYMBOL/CURRENCY</c> (e.g. <c>SAP.EU/EUR</c>) so that the quote currency
/// of each stock is its trade currency; a bare ticker would be read as quoted in USD.
/// </remarks>
public sealed class FragmentedReader : ISourceReader
{
    private const decimal PositionTolerance = 0.000001m;

    public string Format => "fragmented";

    public bool CanRead(string path) =>
        Directory.Exists(path)
        && SqliteFilesIn(path).Any(HoldsTrades);

    // A damaged file among the app's files does not make the folder a portfolio.
    private static bool HoldsTrades(string file) =>
        SqliteFiles.Satisfies(file, connection => SqliteFiles.Tables(connection).Values.Any(c => PortfolioTables.Classify(c) == PortfolioTableKind.Trades));

    public ImportSet Read(string path, ImportOptions options) => ReadDetailed(path, options).Set;

    public FragmentedImport ReadDetailed(string path, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Not a folder: {path}");
        }

        var folder = Path.GetFullPath(path);
        var data = new PortfolioData();
        var files = SqliteFilesIn(folder).ToList();
        var hadWal = false;
        var missing = new List<MissingTable>();
        foreach (var file in files)
        {
            // Each file is read on its own, so an error names the file of the folder it came from.
            var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
            hadWal |= SqliteDamage.Guard(file, () => NamingFile(relative, () =>
            {
                using var copy = SqliteSourceCopy.Create(file);
                using var connection = copy.Open();
                data.Load(connection, relative);
                missing.AddRange(ReferencedTables.Missing(connection, file: relative));
                return copy.HadWal;
            }));
        }

        var set = new ImportSet(new SourceInfo(folder, Format, ReadWal: hadWal));
        set.AddMissing(missing);
        var baseCurrency = data.Settings.GetValueOrDefault("base_currency")
            ?? data.Rates.Select(r => r.Base).FirstOrDefault()
            ?? "EUR";
        var botName = options.BotName is { Length: > 0 } given ? given
            : data.Settings.GetValueOrDefault("broker") is { Length: > 0 } broker ? $"{broker} portfolio"
            : new DirectoryInfo(folder).Name;
        var mode = options.Mode ?? (data.Settings.GetValueOrDefault("trading_mode")?.ToLowerInvariant() switch
        {
            "live" or "real" => BotMode.Live,
            "backtest" => BotMode.Backtest,
            _ => BotMode.Paper,
        });
        set.Bots.Add(new BotSpec(botName, mode, CostBasisMethod.Average, Exchange: data.Settings.GetValueOrDefault("broker")));

        var currencyOf = data.Securities.ToDictionary(s => s.Symbol, s => s.Currency, StringComparer.OrdinalIgnoreCase);
        string Instrument(string symbol, string? currency) =>
            $"{symbol}/{(currency ?? currencyOf.GetValueOrDefault(symbol) ?? baseCurrency).ToUpperInvariant()}";

        var rowWarnings = new RowWarnings(set.Warnings);
        var net = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var t in data.Trades.OrderBy(t => t.At))
        {
            if (currencyOf.TryGetValue(t.Symbol, out var configured) && t.Currency is not null && !string.Equals(configured, t.Currency, StringComparison.OrdinalIgnoreCase))
            {
                rowWarnings.Add("trades in another currency than their security's", $"{t.SourceRef}: traded in {t.Currency}, but {t.Symbol} is configured in {configured}.");
            }

            var currency = t.Currency ?? currencyOf.GetValueOrDefault(t.Symbol) ?? baseCurrency;
            set.Fills.Add(new FillRecord(botName, t.Id, Instrument(t.Symbol, currency), t.Side, t.Quantity, t.Price, 0m, currency, t.At, Provenance: new Provenance("fragmented", t.SourceRef)));
            net[t.Symbol] = net.GetValueOrDefault(t.Symbol) + (t.Side == Side.Buy ? t.Quantity : -t.Quantity);

            // The trade's own rate is what the app used for its base-currency value: keep it as a rate at that moment.
            if (t.Rate is > 0m && !string.Equals(currency, baseCurrency, StringComparison.OrdinalIgnoreCase))
            {
                data.Rates.Add(new FxRate(baseCurrency, currency.ToUpperInvariant(), t.At, t.Rate.Value));
            }
        }

        set.FxRates.AddRange(data.Rates.DistinctBy(r => (r.Base, r.Quote, r.Timestamp)));

        var ledgerFlowIds = data.CashFlows.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        var dividendSymbolByFlow = data.DividendRows.Where(d => d.CashFlowId is not null)
            .GroupBy(d => d.CashFlowId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Symbol, StringComparer.Ordinal);
        var knownSymbols = data.Securities.Select(s => s.Symbol).Concat(net.Keys).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var flow in data.CashFlows)
        {
            var symbol = dividendSymbolByFlow.GetValueOrDefault(flow.Key) ?? SymbolIn(flow.Description, knownSymbols);
            if (flow.Status is { } status && !status.Equals("completed", StringComparison.OrdinalIgnoreCase))
            {
                rowWarnings.Add("cash flows not completed (imported as recorded)", $"{flow.SourceRef}: cash flow is {status}; imported as recorded.");
            }

            set.CashFlows.Add(new CashFlowRecord(botName, flow.Id, KindOf(flow.Type, symbol), flow.Amount, flow.Currency, flow.At, symbol is null ? null : Instrument(symbol, null), new Provenance("fragmented", flow.SourceRef)));
        }

        var orphanDividends = new List<OrphanDividend>();
        foreach (var d in data.DividendRows.Where(d => d.CashFlowId is null || !ledgerFlowIds.Contains(d.CashFlowId)))
        {
            // The ledger lacks this dividend's cash flow: the dividend row is the only record of the money.
            orphanDividends.Add(new OrphanDividend(d.Id, d.CashFlowId, d.Symbol));
            set.CashFlows.Add(new CashFlowRecord(botName, $"dividend:{d.Id}", CashFlowKind.Dividend, d.Amount, d.Currency, d.At, Instrument(d.Symbol, null), new Provenance("fragmented", d.SourceRef)));
            rowWarnings.Add("dividends whose cash flow the ledger does not hold (imported from the dividend row)", $"{d.SourceRef}: dividend of {d.Symbol} points to cash flow {d.CashFlowId ?? "(none)"}, which the ledger does not hold; imported from the dividend row.");
        }

        rowWarnings.Finish();

        set.Snapshots.AddRange(data.Snapshots.Select(s => new SnapshotRecord(botName, s.At, s.Equity, s.Cash, baseCurrency, new Provenance("fragmented", s.SourceRef))));

        var mismatches = new List<PositionMismatch>();
        var positionBySymbol = data.Positions.GroupBy(p => p.Symbol, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.Sum(p => p.Quantity), StringComparer.OrdinalIgnoreCase);
        foreach (var symbol in positionBySymbol.Keys.Union(net.Where(n => n.Value != 0).Select(n => n.Key), StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
        {
            var held = positionBySymbol.GetValueOrDefault(symbol);
            var traded = net.GetValueOrDefault(symbol);
            if (Math.Abs(held - traded) > PositionTolerance)
            {
                mismatches.Add(new PositionMismatch(symbol, held, traded));
                set.Warnings.Add($"Position {symbol}: the app's cached quantity is {held}, its trades add up to {traded}.");
            }
        }

        var history = HistoryMatch.Apply(set, data, Instrument);
        return new FragmentedImport(
            set,
            files.Count,
            data.EmptyDatabases,
            data.RowCounts,
            Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith("-wal", StringComparison.Ordinal) || f.EndsWith("-shm", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList(),
            data.Trades.Count,
            data.Trades.Count == 0 ? null : data.Trades.Max(t => t.At),
            net,
            mismatches,
            data.Positions.Count,
            data.CashFlows.GroupBy(f => f.Type.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            data.DividendRows.Count,
            orphanDividends,
            data.Securities.Count,
            data.Securities.Count(s => s.Active),
            data.Securities.GroupBy(s => s.Currency.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            data.Rates.Select(r => $"{r.Base}/{r.Quote}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            history.Files,
            history.Rows,
            history.Empty,
            history.Orphans,
            history.SecuritiesWithout);
    }

    /// <summary>A value of one file that cannot be read is an error naming that file, not only the folder.</summary>
    private static T NamingFile<T>(string relative, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"{relative}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Cash-flow types mapped onto Tradebook's kinds. A withholding tax on a dividend is a negative
    /// dividend of that security; an account fee is a negative rebate (Tradebook has no fee kind for
    /// money that moves without a fill).
    /// </summary>
    private static CashFlowKind KindOf(string type, string? symbol) =>
        type.Trim().ToUpperInvariant() switch
        {
            "DEPOSIT" => CashFlowKind.Deposit,
            "WITHDRAWAL" => CashFlowKind.Withdrawal,
            "DIVIDEND" => CashFlowKind.Dividend,
            "INTEREST" => CashFlowKind.Interest,
            "TAX" or "WITHHOLDING_TAX" when symbol is not null => CashFlowKind.Dividend,
            "TAX" => CashFlowKind.Withdrawal,
            "FEE" or "REBATE" => CashFlowKind.Rebate,
            "FUNDING" => CashFlowKind.Funding,
            _ => CashFlowKind.Transfer,
        };

    private static string? SymbolIn(string? text, IReadOnlySet<string> symbols) =>
        text?.Split([' ', ',', ';', ':', '(', ')'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(symbols.Contains);

    private static IEnumerable<string> SqliteFilesIn(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Where(SqliteFiles.IsSqlite);
}
