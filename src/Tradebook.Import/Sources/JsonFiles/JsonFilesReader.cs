using System.Text.Json;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>
/// Reads a bot that kept its state in JSON and JSON Lines files (signals, trades, holdings, status),
/// recognising each file by the shape of its records. Corrupt lines and invalid records are rejected
/// with their place and reason; exact duplicates are imported once; rows the owner's test-data rules
/// mark are routed into a separate bot in test mode; the bot's own holdings are checked against the
/// production trades.
/// </summary>
public sealed class JsonFilesReader : ISourceReader
{
    /// <summary>Reported and recomputed holdings closer than this agree.</summary>
    private const decimal HoldingTolerance = 0.00000001m;

    public string Format => "jsonfiles";

    public bool CanRead(string path) =>
        Files(path).Any(f => JsonSourceFile.Load(f, System.IO.Path.GetFileName(f)) is { Shape: JsonShape.Trade or JsonShape.Signal });

    public ImportSet Read(string path, ImportOptions options) => ReadDetailed(path, options).Set;

    public JsonFilesImport ReadDetailed(string path, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Directory.Exists(path) ? path : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        var files = Files(path)
            .Select(f => JsonSourceFile.Load(f, System.IO.Path.GetRelativePath(root, f)))
            .OfType<JsonSourceFile>()
            .ToList();
        if (!files.Any(f => f.Shape is JsonShape.Trade or JsonShape.Signal))
        {
            throw new InvalidDataException("No file holds trade- or signal-shaped JSON records.");
        }

        var set = new ImportSet(new SourceInfo(System.IO.Path.GetFullPath(path), Format));
        var rules = options.TestRules ?? TestDataRules.Default;
        var status = files.FirstOrDefault(f => f.Shape == JsonShape.Status)?.Root;
        var name = options.BotName is { Length: > 0 } given ? given : new DirectoryInfo(root).Name;
        var production = new BotSpec(name, options.Mode ?? ModeOf(status), CostBasisMethod.Average, Exchange: status is { } s ? JsonValues.String(s, "exchange") : null);
        var test = new BotSpec(name + " (test)", BotMode.Test, CostBasisMethod.Average, Exchange: production.Exchange);

        foreach (var damaged in files.Where(f => f.Damage is not null))
        {
            set.Rejections.Add(new Rejection(damaged.Name, $"corrupt file: not valid JSON ({damaged.Damage}); nothing in it was imported"));
        }

        var signalFiles = files.Where(f => f.Shape == JsonShape.Signal).ToList();
        var tradeFiles = files.Where(f => f.Shape == JsonShape.Trade).ToList();
        var signalDates = Dates(set, signalFiles, "signals", options.DateOrder);
        var tradeDates = Dates(set, tradeFiles, "trades", options.DateOrder);
        var signals = new JsonSignalImporter(set, production.Name, test.Name, rules, signalDates);
        foreach (var file in signalFiles)
        {
            signals.Read(file);
        }

        var trades = new JsonTradeImporter(set, production.Name, test.Name, rules, signals.KnownIds, tradeDates);
        foreach (var file in tradeFiles)
        {
            trades.Read(file);
        }

        trades.Finish();

        set.Bots.Add(production);
        if (set.TestRows.Count > 0)
        {
            set.Bots.Add(test);
        }

        var (holdingSymbols, mismatches) = CompareHoldings(set, files.Where(f => f.Shape == JsonShape.Holdings), trades.NetProductionQuantity);
        var auxiliary = files.Where(f => f.Shape is JsonShape.Other)
            .ToDictionary(f => f.Name, f => f.Entries, StringComparer.Ordinal);

        return new JsonFilesImport(
            set,
            signals.Lines,
            signals.CorruptLines,
            signals.Parseable,
            signals.StringPrices,
            signals.Test,
            signals.ValidProduction,
            signals.ProductionBySignal,
            trades.Records,
            trades.Unique,
            trades.Records - trades.Unique,
            trades.Rejected,
            trades.Test,
            trades.MarkerHits,
            trades.ValidProduction,
            trades.Dangling,
            trades.NullSignalRefs,
            trades.NetProductionQuantity,
            holdingSymbols,
            mismatches,
            auxiliary);
    }

    private static (List<string> Symbols, List<HoldingDifference> Mismatches) CompareHoldings(
        ImportSet set, IEnumerable<JsonSourceFile> holdingFiles, IReadOnlyDictionary<string, decimal> net)
    {
        var reported = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in holdingFiles)
        {
            foreach (var holding in file.Root!.Value.EnumerateObject())
            {
                if (JsonValues.Decimal(holding.Value, JsonShapes.QuantityKeys) is { } amount)
                {
                    reported[holding.Name] = amount;
                }
                else
                {
                    set.Rejections.Add(new Rejection($"{file.Name}.{holding.Name}", "holding without a readable amount"));
                }
            }
        }

        var mismatches = new List<HoldingDifference>();
        if (reported.Count == 0)
        {
            return ([], mismatches);
        }

        foreach (var symbol in reported.Keys.Union(net.Keys, StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal))
        {
            var r = reported.GetValueOrDefault(symbol);
            var n = net.GetValueOrDefault(symbol);
            if (Math.Abs(r - n) > HoldingTolerance)
            {
                mismatches.Add(new HoldingDifference(symbol, r, n));
                set.Warnings.Add($"Holding of {symbol}: the bot reported {r}, its production trades add up to {n} (difference {r - n}).");
            }
        }

        return ([.. reported.Keys.Order(StringComparer.Ordinal)], mismatches);
    }

    /// <summary>
    /// How the <paramref name="kind"/> of <paramref name="files"/> write dates of numbers, found from all their times, as a
    /// table's column is: their files are one bot's, written by one program.
    /// </summary>
    private static DateColumn? Dates(ImportSet set, List<JsonSourceFile> files, string kind, DateOrder? given)
    {
        var dates = JsonValues.Dates(files.SelectMany(f => f.Records).Select(r => r.Value), given);
        if (NumericDates.Warning(dates, $"The {kind} of {string.Join(", ", files.Select(f => f.Name))} write dates such as 02/01/2024", mappingFile: false) is { } warning)
        {
            set.Warnings.Add(warning);
        }

        return dates;
    }

    private static BotMode ModeOf(JsonElement? status)
    {
        if (status is not { } s)
        {
            return BotMode.Paper;
        }

        if (JsonValues.Find(s, "dry_run", "dryRun") is { ValueKind: JsonValueKind.True })
        {
            return BotMode.Paper;
        }

        return JsonValues.String(s, "mode", "trading_mode")?.Trim().ToLowerInvariant() switch
        {
            "live" or "real" => BotMode.Live,
            "backtest" => BotMode.Backtest,
            _ => BotMode.Paper,
        };
    }

    private static IEnumerable<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : File.Exists(path) ? [path] : [];
}
