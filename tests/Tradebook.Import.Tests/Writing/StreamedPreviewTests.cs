using System.Text.Json;
using Tradebook.Import.Consolidation;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Sources.Hummingbot;
using Tradebook.Import.Tests.Hummingbot;
using Tradebook.Import.Tests.Workflow;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Tests.Writing;

/// <summary>
/// A dry run of a source whose reader streams reads it through a stream nothing writes: many runs go by and are
/// dropped, the set keeps none of the fills, and the preview says exactly what the preview of the source read whole says.
/// </summary>
public sealed class StreamedPreviewTests
{
    private const int Chunk = 64;

    public static TheoryData<string> Formats => ["freqtrade", "hummingbot", "trades"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void a_streamed_preview_keeps_no_fills_and_reports_what_the_whole_read_reports(string format)
    {
        var (source, reader) = Source(format);
        using var _ = source;
        var whole = reader.Read(source.Path, new ImportOptions());
        ImpliedOrders.AddMissing(whole);
        ImportSet? read = null;

        var preview = ImportWriter.Preview(
            stream =>
            {
                read = reader.Read(source.Path, new ImportOptions(), stream);
                ImpliedOrders.AddMissing(read);
                return read;
            },
            Chunk);

        Assert.NotNull(read);
        Assert.Empty(read.Fills);
        Assert.Empty(read.ReportedTrades);
        Assert.True(read.Streamed.Count > 10 * Chunk, $"{read.Streamed.Count} fills streamed");
        Assert.Equal(whole.FillCount, read.Streamed.Count);
        Assert.Equal(Json(ImportWriter.Preview(whole)), Json(preview));
    }

    private static (GenericTrades.ScratchDatabase Source, IStreamingSourceReader Reader) Source(string format) => format switch
    {
        "freqtrade" => (BoundedFreqtradeImportTests.Generated(20 * Chunk), new FreqtradeReader()),
        "hummingbot" => (GeneratedHummingbot.Create(20 * Chunk), new HummingbotReader()),
        _ => (GeneratedTrades.Table(20 * Chunk), new GenericTradesReader()),
    };

    private static string Json(ImportReport report) => JsonSerializer.Serialize(report, ImportWriter.ReportJson);
}
