using CsvHelper;
using Tradebook.Import.Consolidation;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Sources.Csv;

/// <summary>
/// Reads a CSV file of trades, as many bots and exchanges write them, or a spreadsheet of them (an exchange's export to
/// Excel, <see cref="SpreadsheetRecords"/>): the file is loaded as one table
/// (<see cref="CsvTable"/>) and read by the trade-table reader, so that its columns are found by the same names
/// (a mapping file overrides them), its rows are checked by the same rules, and each row keeps its place in the
/// file as its reference (<c>trades.rowid=12</c>: the twelfth record after the header), unless it has an id column.
/// </summary>
/// <param name="mappingFile">A mapping the user gave: detection then recognises the columns it describes.</param>
public sealed class CsvTradesReader(string? mappingFile = null) : IStreamingSourceReader
{
    /// <summary>Records read to recognise a file: enough for the side column's values to be judged.</summary>
    private const int SampleRecords = 200;

    public CsvTradesReader()
        : this(null)
    {
    }

    public string Format => "csv-trades";

    public bool CanRead(string path) =>
        File.Exists(path) && !SqliteFiles.IsSqlite(path) && (CsvTable.LooksLikeText(path) || SpreadsheetRecords.Is(path)) && Problem(path, mappingFile) is null;

    /// <summary>
    /// Why a text file is not read as a CSV of trades (the columns its header lacks, or where it stops being CSV), or
    /// null when it is one or is not text at all.
    /// </summary>
    internal static string? Problem(string path, string? mappingFile)
    {
        if (!File.Exists(path) || SqliteFiles.IsSqlite(path) || !(CsvTable.LooksLikeText(path) || SpreadsheetRecords.Is(path)))
        {
            return null;
        }

        try
        {
            using var sample = CsvTable.Load(path, SampleRecords);
            return TradeTableDetector.TryDetect(sample.Connection, mappingFile is null ? null : TradeMapping.Load(mappingFile), out var problem) is null ? problem : null;
        }
        catch (Exception e) when (e is InvalidDataException or CsvHelperException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            return e.Message;
        }
    }

    public ImportSet Read(string path, ImportOptions options) => ReadSource(path, options).Set;

    public ImportSet Read(string path, ImportOptions options, FillStream stream) => ReadSource(path, options, stream).Set;

    /// <summary>Reads the file with what consolidation needs to know about it, as the trade-table reader does.</summary>
    public ConsolidationSource ReadSource(string path, ImportOptions options, FillStream? stream = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Source file not found: {Path.GetFullPath(path)}", Path.GetFullPath(path));
        }

        using var table = CsvTable.Load(path);
        var source = GenericTradesReader.ReadTables(table.Connection, new SourceInfo(path, Format), options, stream);
        source.Set.Warnings.InsertRange(0, table.Warnings);
        return source;
    }
}
