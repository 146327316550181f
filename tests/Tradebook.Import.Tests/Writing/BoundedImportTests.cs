using System.Globalization;
using System.Text;
using Tradebook.Core.Domain;
using Tradebook.Import.Checks;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Tests.GenericTrades;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Tests.Writing;

/// <summary>
/// A streamed import holds no list of its fills: the set the reader returns keeps none of those it streamed,
/// the stream holds a few runs at most, and the report, the source checks and the verification still say
/// exactly what they say of the same source read whole.
/// </summary>
public sealed class BoundedImportTests : IDisposable
{
    private const int Chunk = 64;
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private ImportWriter Writer() => new(_store.Database, TempStore.Clock) { StreamChunkSize = Chunk };

    /// <summary>A trades table in time order, of two bots and two symbols; every 97th row is repeated word for word.</summary>
    private static ScratchDatabase TradesTable(int rows)
    {
        var sql = new StringBuilder("""
            CREATE TABLE bots (id INTEGER PRIMARY KEY, name TEXT, mode TEXT);
            INSERT INTO bots VALUES (1, 'grid', 'paper'), (2, 'swing', 'paper');
            CREATE TABLE trades (id INTEGER PRIMARY KEY, bot_id INTEGER REFERENCES bots(id), pair TEXT, side TEXT, amount TEXT, price TEXT, fee REAL, timestamp TEXT);
            """);
        var random = new Random(11);
        for (var i = 0; i < rows; i++)
        {
            var time = Start.AddMinutes(i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var row = $"({1 + (i % 2)}, '{(i % 3 == 0 ? "BTC/USDT" : "ETH/USDT")}', '{(random.Next(2) == 0 ? "buy" : "sell")}', '{random.Next(1, 300) / 100m}', '{100 + random.Next(100)}', 0.01, '{time}')";
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO trades (bot_id, pair, side, amount, price, fee, timestamp) VALUES {row};\n");
            if (i % 97 == 0)
            {
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO trades (bot_id, pair, side, amount, price, fee, timestamp) VALUES {row};\n");
            }
        }

        return new ScratchDatabase(sql.ToString());
    }

    [Fact]
    public void a_generic_table_in_time_order_is_imported_without_the_set_or_the_stream_holding_its_fills()
    {
        const int Rows = 40 * Chunk;
        using var source = TradesTable(Rows);
        var reader = new GenericTradesReader();
        var options = new ImportOptions();
        ImportSet? read = null;

        var report = Writer().Write(source.Path, reader.Format, stream => read = reader.Read(source.Path, options, stream));

        Assert.NotNull(read);
        Assert.Empty(read.Fills);
        Assert.Equal(Rows, read.Streamed.Count);
        Assert.Equal(Rows, read.FillCount);
        Assert.Equal((Rows, Rows, 0), (report.Kinds["fills"].Read, report.Kinds["fills"].Inserted, report.Kinds["fills"].Existing));
        Assert.Equal(Rows / 97 + 1, report.Duplicates.Count);
        Assert.Equal([("grid", Rows / 2), ("swing", Rows / 2)], report.Bots.Select(b => (b.Name, b.Fills)));
        Assert.True(report.Verification!.Ok, string.Join("; ", report.Verification.Problems));
        Assert.Equal(Rows, report.Verification.Lines.Sum(l => l.SourceFills));
    }

    [Fact]
    public void while_a_source_is_read_the_fills_read_but_not_yet_written_never_exceed_a_few_runs()
    {
        const int Rows = 100 * Chunk;
        var written = 0;
        var mostInFlight = 0;
        ImportSet? read = null;

        var report = Writer().Write("synthetic", "test", stream =>
        {
            read = Set([]);
            for (var i = 0; i < Rows; i++)
            {
                Assert.Null(stream.Add(new FillRecord("alpha", $"f-{i:000000}", "BTC/USDT", i % 3 == 0 ? Side.Sell : Side.Buy, 1m, 100m, 0m, "USDT", Start.AddSeconds(i)), read));

                // One run being filled, four waiting, one being written, one waiting to be queued: nothing else.
                mostInFlight = Math.Max(mostInFlight, i + 1 - Volatile.Read(ref written));
                Assert.True(read.Streamed.Count >= i + 1 - Chunk, $"{i + 1 - read.Streamed.Count} fills not sent after {i + 1} read");
            }

            stream.Flush(read);
            return read;
        }, n => Volatile.Write(ref written, n));

        Assert.NotNull(read);
        Assert.Empty(read.Fills);
        Assert.InRange(mostInFlight, 1, 7 * Chunk);
        Assert.Equal(Rows, report.Kinds["fills"].Inserted);
        Assert.True(report.Verification!.Ok, string.Join("; ", report.Verification.Problems));
    }

    [Fact]
    public void a_streamed_source_gets_the_same_problems_as_the_same_source_written_whole()
    {
        // Zero prices, a spot sell of coins never bought, one quantity a million times the rest, and one product out of time order.
        var fills = new List<FillRecord>();
        for (var i = 0; i < 30 * Chunk; i++)
        {
            var symbol = i % 4 == 0 ? "SOL/USDT" : i % 2 == 0 ? "BTC/USDT" : "ETH/USDT";
            var time = symbol == "SOL/USDT" ? Start.AddSeconds(100_000 - i) : Start.AddSeconds(i);
            var side = i == 5 ? Side.Sell : i % 3 == 0 ? Side.Sell : Side.Buy;
            var quantity = i == 700 ? 5_000_000m : 1m + (i % 7) / 10m;
            fills.Add(new FillRecord("alpha", $"f-{i:000000}", symbol, side, quantity, i % 50 == 1 ? 0m : 100m, 0.01m, "USDT", time, Provenance: new Provenance("test", $"trades.id={i}")));
        }

        using var wholeStore = new TempStore();
        var whole = new ImportWriter(wholeStore.Database, TempStore.Clock).Write(Set(fills));
        var streamed = Writer().Write("synthetic", "test", stream =>
        {
            var set = Set([]);
            foreach (var fill in fills)
            {
                Assert.Null(stream.Add(fill, set));
            }

            stream.Flush(set);
            return set;
        });

        Assert.Contains(whole.Problems, p => p.Kind == SourceProblemKind.ZeroPrice);
        Assert.Contains(whole.Problems, p => p.Kind == SourceProblemKind.SoldMoreThanHeld);
        Assert.Contains(whole.Problems, p => p.Kind == SourceProblemKind.ImplausibleQuantity);
        Assert.Equal(Json(whole.Problems), Json(streamed.Problems));
        Assert.True(streamed.Verification!.Ok, string.Join("; ", streamed.Verification.Problems));
        Assert.Equal(Json(whole.Verification!.Lines), Json(streamed.Verification.Lines));
    }

    [Fact]
    public void verification_from_the_spill_lists_the_first_hundred_missing_fills_and_counts_the_rest()
    {
        var fills = Enumerable.Range(0, 250)
            .Select(i => new FillRecord(i % 2 == 0 ? "alpha" : "beta", $"f-{i:0000}", "BTC/USDT", Side.Buy, 1m, 100m, 0.1m, "USDT", Start.AddSeconds(i)))
            .ToList();
        var report = new ImportWriter(_store.Database, TempStore.Clock).Write(Set(fills.Take(100)));
        using var spill = FillSpill.Create();
        foreach (var fill in fills)
        {
            Assert.Null(spill.AddFirst(fill));
        }

        // The same id again is found on disk, whatever its bot.
        var first = spill.AddFirst(fills[3] with { Bot = "alpha", Price = 101m });
        Assert.NotNull(first);
        Assert.Equal(fills[3], first with { Provenance = null });

        var verification = new ImportVerifier(_store.Database).Verify(report.BatchId!.Value, SourceFills.Of(spill));

        Assert.False(verification.Ok);
        var missing = verification.Problems.Where(p => p.StartsWith("fill '", StringComparison.Ordinal)).ToList();
        Assert.Equal(ImportVerifier.MaxListed, missing.Count);
        Assert.Equal("fill 'f-0100' of bot 'alpha' is not in the store", missing[0]);
        Assert.Contains("and 50 more fills of the source are not in the store", verification.Problems);
        Assert.Equal([(125, 50), (125, 50)], verification.Lines.Select(l => (l.SourceFills, l.Inserted)));
    }

    private static ImportSet Set(IEnumerable<FillRecord> fills)
    {
        var set = new ImportSet(new SourceInfo("synthetic", "test"));
        set.Bots.Add(new BotSpec("alpha", BotMode.Paper));
        set.Bots.Add(new BotSpec("beta", BotMode.Paper));
        set.Fills.AddRange(fills);
        return set;
    }

    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value, ImportWriter.ReportJson);
}
