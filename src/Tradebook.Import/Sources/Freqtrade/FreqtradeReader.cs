using Tradebook.Core.Domain;
using Tradebook.Import.Reconciliation;

namespace Tradebook.Import.Sources.Freqtrade;

/// <summary>
/// Reads a freqtrade database (every schema generation from 2020 on) into an <see cref="ImportSet"/>:
/// one bot per strategy, exchange and mode; orders; fills from the filled quantity of each order (or
/// made from the trade row when no order was stored); funding as cash flows; and each trade's stored
/// profit as a <see cref="ReportedTrade"/> for reconciliation. SQLite joins each trade to its orders and hands
/// them over one trade at a time, so a read can stream a database of any size.
/// </summary>
public sealed class FreqtradeReader : IStreamingSourceReader
{
    public string Format => "freqtrade";

    public bool CanRead(string path) =>
        SqliteFiles.Satisfies(path, connection => FreqtradeGeneration.IsFreqtrade(SqliteSchema.Load(connection)));

    public ImportSet Read(string path, ImportOptions options) => Read(path, options, null);

    public ImportSet Read(string path, ImportOptions options, Writing.FillStream? stream)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var copy = SqliteSourceCopy.Create(path);
        using var connection = copy.Open();
        var schema = SqliteSchema.Load(connection);
        if (!FreqtradeGeneration.IsFreqtrade(schema))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is not a freqtrade database: no trades table with freqtrade's columns.");
        }

        var set = new ImportSet(new SourceInfo(copy.OriginalPath, Format, FreqtradeGeneration.Describe(schema), copy.HadWal));
        set.AddMissing(FreqtradeGeneration.Missing(schema));
        set.AddMissing(ReferencedTables.Missing(connection));
        new FreqtradeMapping(set, stream, $"freqtrade:{Path.GetFileName(path)}", options, new FreqtradeDatabaseRows(connection, schema)).Run();
        stream?.Flush(set);
        return set;
    }
}
