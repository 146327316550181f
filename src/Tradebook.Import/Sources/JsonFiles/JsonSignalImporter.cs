using System.Text.Json;
using Tradebook.Core.Domain;

namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>Turns signal-shaped records into signals, counting what was corrupt, duplicated or test data.</summary>
internal sealed class JsonSignalImporter(ImportSet set, string bot, string testBot, TestDataRules rules, DateColumn? dates)
{
    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);

    /// <summary>Ids of every readable signal, valid or not: what a trade's signal reference may point to.</summary>
    public HashSet<string> KnownIds { get; } = new(StringComparer.Ordinal);

    public int Lines { get; private set; }

    public List<int> CorruptLines { get; } = [];

    public int Parseable { get; private set; }

    public int StringPrices { get; private set; }

    public int Test { get; private set; }

    public int ValidProduction { get; private set; }

    public Dictionary<string, int> ProductionBySignal { get; } = new(StringComparer.Ordinal);

    public void Read(JsonSourceFile file)
    {
        Lines += file.IsJsonLines ? file.Lines : file.Records.Count;
        foreach (var (line, reason) in file.CorruptLines)
        {
            CorruptLines.Add(line);
            set.Rejections.Add(new Rejection($"{file.Name}:{line}", $"corrupt line: not valid JSON ({reason})"));
        }

        foreach (var record in file.Records)
        {
            Parseable++;
            if (JsonValues.String(record.Value, JsonShapes.IdKeys) is { } knownId)
            {
                KnownIds.Add(knownId);
            }

            var canonical = JsonCanonical.Of(record.Value);
            if (_seen.TryGetValue(canonical, out var first))
            {
                set.Duplicates.Add($"{record.SourceRef} repeats {first}");
                continue;
            }

            _seen[canonical] = record.SourceRef;
            ReadOne(file, record, canonical);
        }
    }

    private void ReadOne(JsonSourceFile file, JsonRecord record, string canonical)
    {
        var value = record.Value;
        if (JsonShapes.OfRecord(value) != JsonShape.Signal)
        {
            set.Rejections.Add(new Rejection(record.SourceRef, "not a signal: no symbol or no signal field"));
            return;
        }

        if (JsonValues.Find(value, JsonShapes.PriceKeys) is { ValueKind: JsonValueKind.String })
        {
            StringPrices++;
        }

        var id = JsonValues.String(value, JsonShapes.IdKeys) ?? "sha:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)))[..16];
        var symbol = JsonValues.String(value, JsonShapes.SymbolKeys);
        var signal = JsonValues.String(value, JsonShapes.SignalKeys);
        if (JsonValues.Find(value, JsonShapes.TimeKeys) is not { } time || !JsonValues.TryTimestamp(time, out var timestamp, dates))
        {
            set.Rejections.Add(new Rejection(record.SourceRef, $"invalid_timestamp: the signal's {JsonValues.TimeProblem(JsonValues.Find(value, JsonShapes.TimeKeys), dates)}"));
            return;
        }

        if (string.IsNullOrWhiteSpace(signal))
        {
            set.Rejections.Add(new Rejection(record.SourceRef, "missing_signal: the signal has no value"));
            return;
        }

        if (_ids.TryGetValue(id, out var other))
        {
            set.Rejections.Add(new Rejection(record.SourceRef, $"conflicting_id: id {id} already used by a different record at {other}"));
            return;
        }

        _ids[id] = record.SourceRef;
        var isTest = rules.IsTestSymbol(symbol);
        if (isTest)
        {
            Test++;
            set.TestRows.Add(record.SourceRef);
        }
        else
        {
            ValidProduction++;
            var key = signal.Trim().ToUpperInvariant();
            ProductionBySignal[key] = ProductionBySignal.GetValueOrDefault(key) + 1;
        }

        set.Signals.Add(new SignalRecord(
            isTest ? testBot : bot,
            id,
            symbol,
            timestamp,
            signal.Trim(),
            JsonValues.Decimal(value, "final_confidence", "confidence", "strength"),
            JsonValues.Decimal(value, JsonShapes.PriceKeys),
            value.GetRawText(),
            new Provenance(
                $"jsonfiles:{file.Name}",
                record.SourceRef,
                JsonValues.String(value, "bot_version", "botVersion", "version"),
                JsonValues.String(value, "strategy_version", "strategyVersion"))));
    }
}
