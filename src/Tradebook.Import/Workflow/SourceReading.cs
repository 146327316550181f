using Tradebook.Core;
using Tradebook.Import.Consolidation;
using Tradebook.Import.Planning;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Csv;
using Tradebook.Import.Sources.GenericTrades;

namespace Tradebook.Import.Workflow;

/// <summary>
/// The reading half of an import: every planned source read, the copies of one database consolidated into one set
/// (see <see cref="CopyGroups"/>), and the orders its fills imply added; a source that cannot be read is an error naming it.
/// </summary>
internal static class SourceReading
{
    /// <summary>The sets to import, and the plan with each project folder's databases marked as consolidated or imported alone.</summary>
    public sealed record Result(ImportPlan Plan, IReadOnlyList<ImportSet> Sets, IReadOnlyList<ConsolidationReport> Consolidations);

    public static Result Read(ImportPlan plan, ImportOptions options, string? prefer, IImportProgress progress)
    {
        var read = progress.Run(plan.Sources.Select(s => new ImportStep<(ConsolidationSource, PlannedSource)>(
            $"reading {s.Path} ({s.Reader.Format})",
            null,
            _ => (ReadOne(s.Path, s.Reader, options), s))).ToList());

        var consolidations = new List<ConsolidationReport>();
        var sets = new List<ImportSet>();
        var groups = CopyGroups.Of(read);
        var grouped = plan.WithGroups(groups.Select(g => (IReadOnlyList<string>)g.Select(c => c.Plan.Path).ToList()).ToList());
        foreach (var copies in groups.Select(g => g.Select(c => c.Source).ToList()))
        {
            if (copies.Count == 1)
            {
                sets.Add(copies[0].Set);
                continue;
            }

            try
            {
                var result = Consolidator.Consolidate(copies, new ConsolidationOptions(prefer));
                consolidations.Add(result.Report);
                sets.Add(result.Set);
            }
            catch (ArgumentException e)
            {
                throw new TradebookException(ErrorCode.InvalidInput, e.Message, e);
            }
        }

        return new Result(grouped, sets.Select(WithImpliedOrders).ToList(), consolidations);
    }

    /// <summary>Orders are made for fills that name orders the source does not hold, once its fills are final.</summary>
    public static ImportSet WithImpliedOrders(ImportSet set)
    {
        ImpliedOrders.AddMissing(set);
        return set;
    }

    /// <summary>
    /// Reads the mapping file once before any source: detection reads it too, outside any reader's guard,
    /// and a mapping the user got wrong is bad input, not a crash.
    /// </summary>
    public static void CheckMapping(string? mappingFile)
    {
        if (mappingFile is null)
        {
            return;
        }

        if (!File.Exists(mappingFile))
        {
            throw new TradebookException(ErrorCode.NotFound, $"mapping file not found: {Path.GetFullPath(mappingFile)}");
        }

        try
        {
            TradeMapping.Load(mappingFile);
        }
        catch (InvalidDataException e)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{e.Message} Nothing was imported.", e);
        }
    }

    /// <summary>Runs a read of <paramref name="path"/>, turning a source that cannot be read into an error naming it.</summary>
    public static T Guarded<T>(string path, ISourceReader reader, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (SqliteDamage.IsDamage(e) && File.Exists(path))
        {
            throw SqliteDamage.Refusal(path, e);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or Microsoft.Data.Sqlite.SqliteException or System.Text.Json.JsonException or CsvHelper.CsvHelperException)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"{path} ({reader.Format}): {e.Message}", e);
        }
    }

    // The trade-table readers also know what consolidation needs: fee columns and bot references.
    private static ConsolidationSource ReadOne(string path, ISourceReader reader, ImportOptions options) =>
        Guarded(path, reader, () => reader switch
        {
            GenericTradesReader generic => generic.ReadSource(path, options),
            CsvTradesReader csv => csv.ReadSource(path, options),
            _ => ConsolidationSource.Of(reader.Read(path, options)),
        });
}
