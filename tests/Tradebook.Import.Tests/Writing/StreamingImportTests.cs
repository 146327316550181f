using System.Globalization;
using System.Text;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Import.Consolidation;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.GenericTrades;
using Tradebook.Import.Tests.GenericTrades;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Tests.Writing;

/// <summary>
/// A source written while it is read must leave the store exactly as the same source written whole,
/// whatever order its fills come in, and a failure on either side must leave nothing.
/// </summary>
public sealed class StreamingImportTests : IDisposable
{
    private const int Chunk = 64;
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private ImportWriter Writer(TempStore? store = null) => new((store ?? _store).Database, TempStore.Clock) { StreamChunkSize = Chunk };

    /// <summary>Fills of two bots and three symbols that open, add to, reduce, close and reverse positions.</summary>
    private static List<FillRecord> Fills(int count)
    {
        var random = new Random(17);
        var fills = new List<FillRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var bot = i % 5 == 0 ? "beta" : "alpha";
            var symbol = (i % 3) switch { 0 => "BTC/USDT", 1 => "ETH/USDT", _ => "SOL/USDT" };
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var quantity = Math.Round((decimal)random.Next(1, 400) / 100m, 2);
            var price = 100m + random.Next(0, 5000) / 10m;

            // Pairs share a time, so that ids break ties across runs as well as within them.
            fills.Add(new FillRecord(bot, $"f-{i:00000}", symbol, side, quantity, price, 0.001m * i, "USDT", Start.AddSeconds(i / 2)));
        }

        return fills;
    }

    private static ImportSet Set(IEnumerable<FillRecord> fills)
    {
        var set = new ImportSet(new SourceInfo("synthetic", "test"));
        set.Bots.Add(new BotSpec("alpha", BotMode.Paper));
        set.Bots.Add(new BotSpec("beta", BotMode.Paper));
        set.Fills.AddRange(fills);
        return set;
    }

    /// <summary>A read that hands each fill to the stream, as a streaming reader does.</summary>
    private static Func<FillStream, ImportSet> Reading(IReadOnlyList<FillRecord> fills, Action<FillStream, int>? afterEach = null) => stream =>
    {
        var set = Set([]);
        for (var i = 0; i < fills.Count; i++)
        {
            Assert.Null(stream.Add(fills[i], set));
            afterEach?.Invoke(stream, i);
        }

        stream.Flush(set);
        ImpliedOrders.AddMissing(set);
        return set;
    };

    private void AssertSameAsWrittenWhole(IReadOnlyList<FillRecord> fills, ImportReport streamed)
    {
        using var whole = new TempStore();
        var set = Set(fills);
        ImpliedOrders.AddMissing(set);
        var expected = new ImportWriter(whole.Database, TempStore.Clock).Write(set);

        Assert.True(streamed.Verification!.Ok, string.Join("; ", streamed.Verification.Problems));
        Assert.Equal(whole.Accounts(), _store.Accounts());
        const string Orders = "SELECT b.name, o.client_order_id, o.quantity, o.price FROM orders o JOIN bots b ON b.id = o.bot_id ORDER BY 1, 2";
        Assert.Equal(whole.Rows(Orders), _store.Rows(Orders));
        Assert.Equal(
            expected.Kinds.Select(k => (k.Key, k.Value.Read, k.Value.Inserted, k.Value.Existing)),
            streamed.Kinds.Select(k => (k.Key, k.Value.Read, k.Value.Inserted, k.Value.Existing)));
        Assert.Equal(expected.Bots, streamed.Bots);
    }

    /// <summary>
    /// Writes <paramref name="fills"/> as they are read; before handing over its last fill, the read waits
    /// (up to <paramref name="patience"/>) for the ledger to have written <paramref name="awaited"/> fills.
    /// </summary>
    private (ImportReport Report, int WrittenBeforeTheReadEnded, int Written) WriteWhileReading(List<FillRecord> fills, int awaited, TimeSpan patience)
    {
        var written = 0;
        var writtenBeforeTheReadEnded = 0;
        var report = Writer().Write("synthetic", "test", Reading(fills, (_, i) =>
        {
            if (i == fills.Count - 1)
            {
                SpinWait.SpinUntil(() => Volatile.Read(ref written) >= awaited, patience);
                writtenBeforeTheReadEnded = Volatile.Read(ref written);
            }
        }), n => Volatile.Write(ref written, n));
        return (report, writtenBeforeTheReadEnded, written);
    }

    [Fact]
    public void fills_in_market_order_are_written_while_the_read_goes_on_and_end_as_the_source_written_whole()
    {
        var fills = Fills(20 * Chunk);

        // The ledger has the first runs before the last fill is even read.
        var (report, beforeTheEnd, written) = WriteWhileReading(fills, 10 * Chunk, TimeSpan.FromSeconds(30));

        Assert.True(beforeTheEnd >= 10 * Chunk, $"{beforeTheEnd} fills written before the read ended");
        Assert.Equal(fills.Count, written);
        AssertSameAsWrittenWhole(fills, report);
    }

    [Fact]
    public void fills_newest_first_are_held_back_to_the_end_of_the_read_and_end_as_the_source_written_whole()
    {
        var fills = Fills(10 * Chunk);
        fills.Reverse();

        // Recorded run by run, each older run would replay its products: after the first, they wait for the end.
        var (report, beforeTheEnd, _) = WriteWhileReading(fills, 3 * Chunk, TimeSpan.FromSeconds(1));

        Assert.Equal(Chunk, beforeTheEnd);
        AssertSameAsWrittenWhole(fills, report);
    }

    [Fact]
    public void fills_shuffled_across_runs_end_as_the_source_written_whole()
    {
        var fills = Fills(10 * Chunk);
        var random = new Random(5);

        // Mostly in order, with some fills a few runs late: the first late one stops the streaming.
        for (var i = 0; i < 40; i++)
        {
            var from = random.Next(fills.Count);
            var to = Math.Min(fills.Count - 1, from + random.Next(1, 3 * Chunk));
            (fills[from], fills[to]) = (fills[to], fills[from]);
        }

        var report = Writer().Write("synthetic", "test", Reading(fills));

        AssertSameAsWrittenWhole(fills, report);
    }

    [Fact]
    public void fills_naming_orders_wait_for_the_end_and_get_the_orders_made_from_all_their_fills()
    {
        // An order's fills span runs: its implied quantity is only known once all are read.
        var fills = Fills(6 * Chunk)
            .Select((f, i) => i >= 2 * Chunk && i % 2 == 0 ? f with { OrderId = $"o-{i / (Chunk + 1)}-{f.Symbol}-{f.Side}" } : f)
            .ToList();

        var report = Writer().Write("synthetic", "test", Reading(fills));

        AssertSameAsWrittenWhole(fills, report);
        Assert.Equal(fills.Count(f => f.OrderId is not null), _store.Scalar("SELECT COUNT(*) FROM fills WHERE order_id IS NOT NULL"));
    }

    [Fact]
    public void a_read_that_fails_halfway_leaves_the_store_as_it_was()
    {
        Writer().Write(Set(Fills(10)));
        var before = _store.Fingerprint();
        var fills = Fills(8 * Chunk).Select(f => f with { Id = "late-" + f.Id }).ToList();

        var error = Assert.Throws<InvalidDataException>(() => Writer().Write("synthetic", "test", Reading(fills, (_, i) =>
        {
            if (i == 5 * Chunk)
            {
                throw new InvalidDataException("page 12 of the source is damaged");
            }
        })));

        Assert.Equal("page 12 of the source is damaged", error.Message);
        Assert.Equal(before, _store.Fingerprint());
    }

    [Fact]
    public void a_write_that_fails_halfway_releases_the_read_and_keeps_nothing()
    {
        new Storage.Ledger.LedgerWriter(_store.Database, TempStore.Clock).AddBot(new BotSpec("beta", BotMode.Live));
        var before = _store.Fingerprint();
        var readGaveUp = false;

        // Far more runs than the stream holds: a reader left waiting would hang the import.
        var fills = Fills(200 * Chunk);
        var error = Assert.Throws<TradebookException>(() => Writer().Write("synthetic", "test", stream =>
        {
            try
            {
                return Reading(fills)(stream);
            }
            catch (OperationCanceledException)
            {
                readGaveUp = true;
                throw;
            }
        }));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Contains("'beta'", error.Message, StringComparison.Ordinal);
        Assert.True(readGaveUp);
        Assert.Equal(before, _store.Fingerprint());
    }

    [Fact]
    public void a_trades_table_read_by_the_generic_reader_ends_as_the_same_table_imported_whole()
    {
        var sql = new StringBuilder("""
            CREATE TABLE bots (id INTEGER PRIMARY KEY, name TEXT, mode TEXT);
            INSERT INTO bots VALUES (1, 'grid', 'paper'), (2, 'swing', 'paper');
            CREATE TABLE trades (id INTEGER PRIMARY KEY, bot_id INTEGER REFERENCES bots(id), pair TEXT, side TEXT, amount TEXT, price TEXT, fee REAL, timestamp TEXT);
            """);
        var random = new Random(3);
        for (var i = 0; i < 30 * Chunk; i++)
        {
            // Test rows (a TEST symbol) go to a test bot the reader creates on the way; a few rows repeat.
            var symbol = i % 97 == 0 ? "TEST/USDT" : i % 2 == 0 ? "BTC/USDT" : "ETH/USDT";
            var time = Start.AddMinutes(i - (i % 7 == 0 ? 1 : 0)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            var row = $"({1 + (i % 2)}, '{symbol}', '{(random.Next(2) == 0 ? "buy" : "sell")}', '{random.Next(1, 300) / 100m}', '{100 + random.Next(100)}', 0.01, '{time}')";
            sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO trades (bot_id, pair, side, amount, price, fee, timestamp) VALUES {row};\n");
            if (i % 211 == 0)
            {
                sql.Append(CultureInfo.InvariantCulture, $"INSERT INTO trades (bot_id, pair, side, amount, price, fee, timestamp) VALUES {row};\n");
            }
        }

        using var source = new ScratchDatabase(sql.ToString());
        var reader = new GenericTradesReader();
        var options = new ImportOptions(TestRules: TestDataRules.Default);

        var streamed = Writer().Write(source.Path, reader.Format, stream => reader.Read(source.Path, options, stream));

        using var whole = new TempStore();
        var expected = new ImportWriter(whole.Database, TempStore.Clock).Write(reader.Read(source.Path, options));
        Assert.True(streamed.Verification!.Ok, string.Join("; ", streamed.Verification.Problems));
        Assert.Contains(streamed.Bots, b => b.Mode == "test" && b.Fills > 0);
        Assert.NotEmpty(streamed.Duplicates);
        Assert.Equal(expected.Bots, streamed.Bots);
        Assert.Equal(expected.Duplicates, streamed.Duplicates);
        Assert.Equal(whole.Accounts(), _store.Accounts());
    }
}
