using System.IO.Compression;
using System.Text.Json;

namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>
/// Reads a freqtrade backtest's result: the <c>backtest-result-….json</c> freqtrade writes, or the <c>.zip</c> that
/// holds it in later versions. Each strategy of each run becomes a bot in backtest mode, its trades read as a freqtrade
/// database's are (<see cref="FreqtradeMapping"/>), and each trade's profit as freqtrade computed it is reconciled
/// with what Tradebook computes from the fills.
/// </summary>
public sealed class FreqtradeBacktestReader : ISourceReader
{
    public string Format => "freqtrade-backtest";

    public bool CanRead(string path)
    {
        try
        {
            using var document = Load(path);
            return document is not null && Strategies(document.RootElement) is not null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            return false;
        }
    }

    public ImportSet Read(string path, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var document = Load(path) ?? throw new InvalidDataException($"{Path.GetFileName(path)} is not a freqtrade backtest result: neither a .json nor a .zip file.");
        var strategies = Strategies(document.RootElement)
            ?? throw new InvalidDataException($"{Path.GetFileName(path)} is not a freqtrade backtest result: no \"strategy\" object with a list of trades.");
        var set = new ImportSet(new SourceInfo(Path.GetFullPath(path), Format, "freqtrade backtest result"));
        var rows = new FreqtradeBacktestRows(strategies, Path.GetFileNameWithoutExtension(path), set);
        if (rows.TradeCount == 0)
        {
            set.Warnings.Add("The backtest made no trade: there is nothing to import but its bots.");
        }

        new FreqtradeMapping(set, null, $"freqtrade-backtest:{Path.GetFileName(path)}", options, rows).Run();
        return set;
    }

    /// <summary>The result's <c>strategy</c> object when at least one of its strategies has a list of trades.</summary>
    private static JsonElement? Strategies(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && root.TryGetProperty("strategy", out var strategies)
        && strategies.ValueKind == JsonValueKind.Object
        && strategies.EnumerateObject().Any(s => s.Value.ValueKind == JsonValueKind.Object && s.Value.TryGetProperty("trades", out var trades) && trades.ValueKind == JsonValueKind.Array)
            ? strategies
            : null;

    /// <summary>The result's JSON: the file itself, or the first JSON file in a zip that is not its metadata; null for other files.</summary>
    private static JsonDocument? Load(string path)
    {
        var extension = Path.GetExtension(path);
        if (string.Equals(extension, ".json", StringComparison.OrdinalIgnoreCase))
        {
            using var file = File.OpenRead(path);
            return JsonDocument.Parse(file);
        }

        if (!string.Equals(extension, ".zip", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries.Where(e => e.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !e.Name.EndsWith(".meta.json", StringComparison.OrdinalIgnoreCase)))
        {
            using var stream = entry.Open();
            var document = JsonDocument.Parse(stream);
            if (Strategies(document.RootElement) is not null)
            {
                return document;
            }

            document.Dispose();
        }

        return null;
    }
}
