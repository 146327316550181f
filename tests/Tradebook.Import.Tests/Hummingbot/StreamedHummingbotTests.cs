using System.Text.Json;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Hummingbot;
using Tradebook.Import.Tests.Writing;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Tests.Hummingbot;

/// <summary>
/// A hummingbot database streamed into the store holds no list of its fills or orders, and leaves the store, the
/// report, the source's problems and the verification exactly as the same database read whole.
/// </summary>
public sealed class StreamedHummingbotTests : IDisposable
{
    private const int Chunk = 64;
    private const int Fills = 40 * Chunk;
    private readonly TempStore _whole = new();
    private readonly TempStore _streamed = new();

    public void Dispose()
    {
        _whole.Dispose();
        _streamed.Dispose();
    }

    [Fact]
    public void a_streamed_hummingbot_import_keeps_no_fills_and_ends_as_the_same_database_read_whole()
    {
        using var source = GeneratedHummingbot.Create(Fills);
        var reader = new HummingbotReader();
        var options = new ImportOptions();
        var wholeSet = reader.Read(source.Path, options);
        var whole = new ImportWriter(_whole.Database, TempStore.Clock).Write(wholeSet);
        ImportSet? read = null;

        var streamed = new ImportWriter(_streamed.Database, TempStore.Clock) { StreamChunkSize = Chunk }.Write(source.Path, reader.Format, stream =>
        {
            read = reader.Read(source.Path, options, stream);
            return read;
        });

        Assert.NotNull(read);
        Assert.Empty(read.Fills);
        Assert.Equal(Fills, read.Streamed.Count);
        Assert.Equal(wholeSet.Orders.Count, read.Streamed.Orders);
        Assert.True(read.Orders.Count < Chunk, $"{read.Orders.Count} orders held after the read");
        Assert.Contains(whole.Problems, p => p.Kind == Tradebook.Import.Checks.SourceProblemKind.ZeroPrice && p.Detail.Contains("integer of millionths", StringComparison.Ordinal));
        Assert.Contains(whole.Warnings, w => w.Contains("is not in the Order table", StringComparison.Ordinal));
        Assert.Contains(whole.Warnings, w => w.StartsWith("TradeFill price and amount", StringComparison.Ordinal));
        Assert.True(streamed.Verification!.Ok, string.Join("; ", streamed.Verification.Problems));
        Assert.Equal(Json(whole with { BatchId = null }), Json(streamed with { BatchId = null }));
        Assert.Equal(_whole.Accounts(), _streamed.Accounts());
        const string Orders = "SELECT b.name, o.client_order_id, o.exchange_order_id, o.side, o.quantity, o.price, o.status, o.ts FROM orders o JOIN bots b ON b.id = o.bot_id ORDER BY 1, 2";
        Assert.Equal(_whole.Rows(Orders), _streamed.Rows(Orders));
        const string FillRows = "SELECT b.name, f.external_id, f.side, f.quantity, f.price, f.fee, f.fee_currency, o.client_order_id FROM fills f JOIN bots b ON b.id = f.bot_id LEFT JOIN orders o ON o.id = f.order_id ORDER BY 1, 2";
        Assert.Equal(_whole.Rows(FillRows), _streamed.Rows(FillRows));
    }

    [Fact]
    public void the_real_hummingbot_database_streams_to_the_figures_it_gives_read_whole()
    {
        var path = Freqtrade.RealDbs.PathOf(Freqtrade.RealDbs.Hummingbot);
        var reader = new HummingbotReader();
        var whole = new ImportWriter(_whole.Database, TempStore.Clock).Write(reader.Read(path, new ImportOptions()));

        var streamed = new ImportWriter(_streamed.Database, TempStore.Clock).Write(path, reader.Format, stream => reader.Read(path, new ImportOptions(), stream));

        Assert.Equal(Json(whole with { BatchId = null }), Json(streamed with { BatchId = null }));
        Assert.Equal(_whole.Accounts(), _streamed.Accounts());
    }

    private static string Json(ImportReport report) => JsonSerializer.Serialize(report, ImportWriter.ReportJson);
}
