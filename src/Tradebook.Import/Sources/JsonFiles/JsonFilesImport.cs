namespace Tradebook.Import.Sources.JsonFiles;

/// <summary>A holding the bot reported next to the net quantity its production trades add up to.</summary>
public sealed record HoldingDifference(string Symbol, decimal Reported, decimal Recomputed);

/// <summary>A folder of JSON state files read: the import set and what was counted on the way.</summary>
/// <param name="CorruptSignalLines">Line numbers of signal lines that are not valid JSON.</param>
/// <param name="ProductionSignalsBySignal">Valid production signals per final signal (BUY, SELL, HOLD...).</param>
/// <param name="TradeRejections">Rejected unique trade records per reason.</param>
/// <param name="TestMarkerHits">Test-data markers hit by trades that were not rejected; one trade may hit several.</param>
/// <param name="DanglingSignalRefs">Unique trade records whose signal id matches no readable signal.</param>
/// <param name="NetProductionQuantity">Buys minus sells per symbol over valid production trades.</param>
/// <param name="HoldingsMismatches">Symbols whose reported holding differs from <paramref name="NetProductionQuantity"/>.</param>
/// <param name="AuxiliaryEntries">Entries of the files that hold neither trades, signals nor holdings.</param>
public sealed record JsonFilesImport(
    ImportSet Set,
    int SignalLines,
    IReadOnlyList<int> CorruptSignalLines,
    int ParseableSignals,
    int StringPriceSignals,
    int TestSignals,
    int ValidProductionSignals,
    IReadOnlyDictionary<string, int> ProductionSignalsBySignal,
    int TradeRecords,
    int UniqueTradeRecords,
    int DuplicateTradeRecords,
    IReadOnlyDictionary<string, int> TradeRejections,
    int TestTrades,
    IReadOnlyDictionary<string, int> TestMarkerHits,
    int ValidProductionTrades,
    int DanglingSignalRefs,
    int NullSignalRefs,
    IReadOnlyDictionary<string, decimal> NetProductionQuantity,
    IReadOnlyList<string> HoldingsSymbols,
    IReadOnlyList<HoldingDifference> HoldingsMismatches,
    IReadOnlyDictionary<string, int> AuxiliaryEntries);
