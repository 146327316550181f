using System.Data.Common;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Ledger;

/// <summary>
/// Late fills and cash flows replayed from a checkpoint of the product's book rather than from its first fill:
/// whatever order rows arrive in, and wherever they land among the checkpoints, the stored figures are those of
/// a full replay in time order; a checkpoint that cannot be trusted is rebuilt, never used.
/// </summary>
public abstract class CheckpointReplayTests(StorageEngine engine) : StorageTest(engine)
{
    private const string Perp = "BTC/USDT:USDT";

    private Storage.Ledger.LedgerWriter Ledger(int interval)
    {
        Db.Migrated();
        var ledger = new Storage.Ledger.LedgerWriter(Db.Database, Db.Clock) { CheckpointInterval = interval };
        ledger.AddBot(new BotSpec("alpha", BotMode.Paper));
        ledger.AddBot(new BotSpec("beta", BotMode.Paper, CostBasisMethod.Fifo));
        ledger.AddBot(new BotSpec("gamma", BotMode.Paper, CostBasisMethod.Fifo));
        return ledger;
    }

    private static FillRecord Fill(string bot, string id, Side side, decimal quantity, decimal price, DateTimeOffset at, string symbol = "BTC/USDT", decimal fee = 0, string? feeCurrency = null) =>
        new(bot, id, symbol, side, quantity, price, fee, feeCurrency, at);

    private static DateTimeOffset Second(int second) => T0.AddSeconds(second);

    /// <summary>The product's checkpoints, oldest first: time, fills and the stored document.</summary>
    private List<(DateTimeOffset At, int Fills, string State)> Checkpoints(string bot = "alpha", string symbol = "BTC/USDT") =>
        Db.Query(connection =>
        {
            using var command = connection.Command(null, """
                SELECT k.ts, k.fills, k.state FROM product_checkpoints k
                JOIN bots b ON b.id = k.bot_id JOIN instruments i ON i.id = k.instrument_id
                WHERE b.name = @bot AND i.symbol = @symbol ORDER BY k.ts
                """);
            command.Add("@bot", bot);
            command.Add("@symbol", symbol);
            using var reader = command.ExecuteReader();
            var rows = new List<(DateTimeOffset, int, string)>();
            while (reader.Read())
            {
                rows.Add((StoredTime.Read(reader.GetValue(0)), reader.GetInt32(1), reader.GetString(2)));
            }

            return rows;
        });

    /// <summary>The row of the position each fill is stored under, by the fill's id.</summary>
    private Dictionary<string, long?> FillPositions() =>
        Db.Query(connection =>
        {
            using var command = connection.Command(null, "SELECT external_id, position_id FROM fills");
            using var reader = command.ExecuteReader();
            var rows = new Dictionary<string, long?>();
            while (reader.Read())
            {
                rows[reader.GetString(0)] = reader.GetInt64OrNull(1);
            }

            return rows;
        });

    /// <summary>Twenty-odd fills of alpha in time order, one a second, that cross zero now and then.</summary>
    private static List<FillRecord> History(int count, int firstSecond = 0)
    {
        var random = new Random(count);
        return Enumerable.Range(0, count)
            .Select(i => Fill("alpha", $"h{firstSecond + i}", random.Next(2) == 0 ? Side.Buy : Side.Sell, random.Next(1, 300) / 100m, 100m + random.Next(-500, 500) / 100m, Second(firstSecond + i), fee: 0.01m, feeCurrency: "USDT"))
            .ToList();
    }

    [StorageFact]
    public void recording_in_time_order_saves_a_checkpoint_every_interval_fills()
    {
        var ledger = Ledger(interval: 5);
        var fills = History(23);

        foreach (var batch in new[] { fills[..3], fills[3..11], fills[11..12], fills[12..] })
        {
            ledger.Record(new LedgerBatch { Fills = batch });
        }

        // Each holds the fills before the time of the fill that follows it.
        var checkpoints = Checkpoints();
        Assert.Equal([5, 10, 15, 20], checkpoints.Select(c => c.Fills));
        Assert.Equal([Second(5), Second(10), Second(15), Second(20)], checkpoints.Select(c => c.At));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void fills_sharing_a_time_are_never_split_by_a_checkpoint()
    {
        var ledger = Ledger(interval: 2);

        // Three fills at second 0, three at second 1: a checkpoint can only fall before second 1.
        ledger.Record(Fills(
            Fill("alpha", "1", Side.Buy, 1, 100, Second(0)), Fill("alpha", "2", Side.Buy, 1, 101, Second(0)), Fill("alpha", "3", Side.Sell, 1, 102, Second(0)),
            Fill("alpha", "4", Side.Buy, 1, 100, Second(1)), Fill("alpha", "5", Side.Sell, 3, 99, Second(1)), Fill("alpha", "6", Side.Buy, 1, 98, Second(1))));

        var checkpoint = Assert.Single(Checkpoints());
        Assert.Equal((Second(1), 3), (checkpoint.At, checkpoint.Fills));

        // A late fill at second 1 resumes from it; one at second 0 cannot.
        ledger.Record(Fills(Fill("alpha", "late-1", Side.Sell, 0.5m, 97, Second(1))));
        Db.Check(StoredLedger.AssertMatchesReplay);
        ledger.Record(Fills(Fill("alpha", "late-0", Side.Buy, 0.25m, 97, Second(0))));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_late_fill_at_the_time_of_a_checkpoint_resumes_from_it_and_keeps_the_checkpoints_before()
    {
        var ledger = Ledger(interval: 5);
        ledger.Record(new LedgerBatch { Fills = History(40) });
        var before = Checkpoints();
        var boundary = before[3];

        ledger.Record(Fills(Fill("alpha", "late", Side.Sell, 1.5m, 90, boundary.At)));

        var after = Checkpoints();
        Assert.Equal(before[..4], after[..4]);
        Assert.Equal(boundary.Fills + 5, after[4].Fills);
        Db.Check(StoredLedger.AssertMatchesReplay);

        // A microsecond earlier belongs before that checkpoint, which must then be saved again.
        ledger.Record(Fills(Fill("alpha", "earlier", Side.Buy, 0.75m, 91, boundary.At.AddTicks(-10))));
        Assert.Equal(before[..3], Checkpoints()[..3]);
        Assert.NotEqual(boundary, Checkpoints()[3]);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void late_cash_flows_at_and_around_a_checkpoint_count_where_a_full_replay_counts_them()
    {
        var ledger = Ledger(interval: 4);
        var fills = History(30).Select(f => f with { Symbol = Perp }).ToList();
        ledger.Record(new LedgerBatch { Fills = fills });
        var boundary = Checkpoints(symbol: Perp)[2].At;

        // At a checkpoint's time a flow comes after the fills of that time; just before it, before them.
        foreach (var (id, amount, at) in new[] { ("at", -0.7m, boundary), ("before", 0.3m, boundary.AddTicks(-10)), ("first", 0.1m, Second(0)) })
        {
            ledger.Record(new LedgerBatch { CashFlows = [new CashFlowRecord("alpha", id, CashFlowKind.Funding, amount, "USDT", at, Perp)] });
            Db.Check(StoredLedger.AssertMatchesReplay);
        }

        Assert.Equal(7, Checkpoints(symbol: Perp).Count);
    }

    [StorageFact]
    public void a_late_fill_before_the_first_checkpoint_replays_from_the_first_fill_and_saves_the_checkpoints_again()
    {
        var ledger = Ledger(interval: 5);
        ledger.Record(new LedgerBatch { Fills = History(30, firstSecond: 10) });
        var before = Checkpoints();

        ledger.Record(Fills(Fill("alpha", "first", Side.Buy, 2, 95, Second(0)), Fill("alpha", "second", Side.Sell, 0.5m, 96, Second(12))));

        // 32 fills now: one checkpoint more than the 30 had, each at other times than before.
        var after = Checkpoints();
        Assert.Equal([5, 10, 15, 20, 25], before.Select(c => c.Fills));
        Assert.Equal([5, 10, 15, 20, 25, 30], after.Select(c => c.Fills));
        Assert.NotEqual(before[0].At, after[0].At);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_late_fill_that_moves_every_flip_after_it_gives_the_positions_of_a_full_replay()
    {
        var ledger = Ledger(interval: 3);

        // Every fill crosses zero: long 1, short 1, long 1, ... each one a round trip.
        var flips = Enumerable.Range(0, 30).Select(i => Fill("beta", $"f{i}", i % 2 == 0 ? Side.Buy : Side.Sell, i == 0 ? 1 : 2, 100 + i, Second(i * 10))).ToList();
        ledger.Record(new LedgerBatch { Fills = flips });
        var positions = Db.Count("positions");

        // Half a unit in the middle: every later fill now closes 1.5 and opens 0.5.
        var rows = FillPositions();
        ledger.Record(Fills(Fill("beta", "half", Side.Buy, 0.5m, 150, Second(145))));

        // The round trips end at the same fills: each keeps its row, and so does each fill.
        Assert.Equal(positions, Db.Count("positions"));
        Assert.All(rows, row => Assert.Equal(row.Value, FillPositions()[row.Key]));
        Db.Check(StoredLedger.AssertMatchesReplay);

        // And one that flattens the book: the next fill opens instead of flipping.
        ledger.Record(Fills(Fill("beta", "flat", Side.Sell, 1.5m, 150, Second(146))));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_late_round_trip_leaves_the_rows_of_the_round_trips_after_it_alone()
    {
        var ledger = Ledger(interval: 2);
        ledger.Record(Fills(
            Fill("alpha", "a-open", Side.Buy, 1, 100, Second(10)), Fill("alpha", "a-close", Side.Sell, 1, 110, Second(20)),
            Fill("alpha", "b-open", Side.Sell, 1, 100, Second(50)), Fill("alpha", "b-close", Side.Buy, 1, 120, Second(60)),
            Fill("alpha", "c-open", Side.Buy, 1, 100, Second(70)), Fill("alpha", "c-close", Side.Sell, 1, 90, Second(80))));
        var rows = FillPositions();

        // A round trip of its own between the first two: the later ones end where they did.
        ledger.Record(Fills(Fill("alpha", "late-open", Side.Buy, 1, 100, Second(30)), Fill("alpha", "late-close", Side.Sell, 1, 105, Second(40))));

        var after = FillPositions();
        Assert.All(rows, row => Assert.Equal(row.Value, after[row.Key]));
        Assert.Equal(after["late-open"], after["late-close"]);
        Assert.DoesNotContain(after["late-open"], rows.Values);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_position_that_needs_a_row_takes_one_no_later_fill_was_stored_under_rather_than_a_new_one()
    {
        var ledger = Ledger(interval: 1_000);
        ledger.Record(Fills(
            Fill("alpha", "a1", Side.Buy, 1, 100, Second(10)), Fill("alpha", "a2", Side.Sell, 1, 101, Second(20)),
            Fill("alpha", "b1", Side.Buy, 1, 100, Second(30)), Fill("alpha", "b2", Side.Sell, 1, 102, Second(40)),
            Fill("alpha", "c1", Side.Buy, 2, 100, Second(50)), Fill("alpha", "c2", Side.Sell, 1, 103, Second(60)),
            Fill("alpha", "c3", Side.Buy, 1, 100, Second(70)), Fill("alpha", "c4", Side.Sell, 2, 104, Second(80))));
        var before = FillPositions();
        var (a, b, c) = (before["a1"]!.Value, before["b1"]!.Value, before["c1"]!.Value);

        // One unit more from the start folds the first two round trips into one; two less before the third splits it
        // into three round trips that open at its fills. Those need rows, and a's and b's are left over by then.
        ledger.Record(Fills(Fill("alpha", "early", Side.Buy, 1, 100, Second(5)), Fill("alpha", "split", Side.Sell, 2, 101, Second(45))));

        var after = FillPositions();
        Assert.Equal(5, Db.Count("positions"));
        Assert.Subset(after.Values.ToHashSet(), new HashSet<long?> { a, b, c });
        Assert.Equal(c, after["c1"]);
        Assert.Equal(after["early"], after["split"]);
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_fill_without_a_price_before_a_checkpoint_is_still_counted_after_a_late_fill_resumes_from_it()
    {
        var ledger = Ledger(interval: 5);
        var history = History(30);
        history[2] = history[2] with { Price = 0 };
        ledger.Record(new LedgerBatch { Fills = history });
        var resumeFrom = Checkpoints()[3];

        ledger.Record(Fills(Fill("alpha", "late", Side.Buy, 0.5m, 95, resumeFrom.At.AddSeconds(1))));

        Assert.Equal(1, Db.Count("product_rollups", "WHERE unpriced_fills = 1"));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_damaged_checkpoint_is_rebuilt_rather_than_trusted()
    {
        var ledger = Ledger(interval: 5);
        ledger.Record(new LedgerBatch { Fills = History(40) });
        var damaged = Checkpoints()[4];

        // Its round trips and realized P&L changed by hand; the checksum no longer matches.
        Db.Execute($"UPDATE product_checkpoints SET state = replace(replace(state, '\"trades\":', '\"trades\":9'), '\"realized_pnl\":', '\"realized_pnl\":1') WHERE fills = {damaged.Fills}");
        ledger.Record(Fills(Fill("alpha", "late", Side.Sell, 0.5m, 101, damaged.At.AddMilliseconds(500))));

        Db.Check(StoredLedger.AssertMatchesReplay);
        var rebuilt = Checkpoints();
        Assert.Equal(damaged, rebuilt[4]);
        Assert.Equal(8, rebuilt.Count);
    }

    [StorageFact]
    public void a_checkpoint_that_is_not_a_document_is_rebuilt_rather_than_trusted()
    {
        var ledger = Ledger(interval: 5);
        ledger.Record(new LedgerBatch { Fills = History(40) });
        var damaged = Checkpoints()[6];

        Db.Execute($"UPDATE product_checkpoints SET state = 'not json', checksum = 'x' WHERE fills = {damaged.Fills}");
        ledger.Record(Fills(Fill("alpha", "late", Side.Buy, 0.5m, 99, damaged.At.AddMilliseconds(500))));

        Db.Check(StoredLedger.AssertMatchesReplay);
        Assert.Equal(damaged, Checkpoints()[6]);
    }

    [StorageFact]
    public void missing_checkpoints_are_saved_again_by_the_replay_of_a_late_fill()
    {
        var ledger = Ledger(interval: 5);
        ledger.Record(new LedgerBatch { Fills = History(40) });
        var before = Checkpoints();
        Db.Execute("DELETE FROM product_checkpoints");

        ledger.Record(Fills(Fill("alpha", "late", Side.Buy, 0.5m, 99, Second(38).AddMilliseconds(500))));

        // The same checkpoints again, and one more: the late fill made 40 fills before the newest.
        Db.Check(StoredLedger.AssertMatchesReplay);
        var after = Checkpoints();
        Assert.Equal(before, after[..before.Count]);
        Assert.Equal([.. before.Select(c => c.Fills), 40], after.Select(c => c.Fills));
    }

    [StorageFact]
    public void a_late_fill_rewrites_nothing_before_the_checkpoint_it_resumes_from()
    {
        var ledger = Ledger(interval: 5);
        ledger.Record(new LedgerBatch { Fills = History(40) });

        // A mark on the first fill's row: a replay from the first fill would overwrite it.
        Db.Execute("UPDATE fills SET realized_pnl = 12345 WHERE external_id = 'h0'");
        ledger.Record(Fills(Fill("alpha", "late", Side.Sell, 1, 99, Second(33).AddMilliseconds(500))));

        Assert.Equal(12345m, Db.Query(c =>
        {
            using var command = c.Command(null, "SELECT realized_pnl FROM fills WHERE external_id = 'h0'");
            using var reader = command.ExecuteReader();
            reader.Read();
            return reader.GetDecimal(0);
        }));
        Db.Execute("UPDATE fills SET realized_pnl = '0' WHERE external_id = 'h0'");
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageFact]
    public void a_new_dust_threshold_replays_from_the_first_fill_and_the_checkpoints_carry_it()
    {
        var ledger = Ledger(interval: 5);
        ledger.Record(new LedgerBatch { Fills = History(40) });

        ledger.SetDust("alpha", 0.5m);

        var checkpoints = Checkpoints();
        Assert.NotEmpty(checkpoints);
        Assert.All(checkpoints, c => Assert.Contains("\"dust_threshold\":0.5", c.State, StringComparison.Ordinal));
        Db.Check(StoredLedger.AssertMatchesReplay);
        ledger.Record(Fills(Fill("alpha", "late", Side.Sell, 1, 99, Second(20).AddMilliseconds(500))));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }

    [StorageTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void rows_arriving_late_among_rows_in_time_order_give_the_books_of_a_full_replay(int seed)
    {
        var ledger = Ledger(interval: 1 + seed * 2);
        ledger.Record(new LedgerBatch { Settings = [new Setting("gamma", DustThreshold.BotKey, "0.05")] });
        var random = new Random(seed);
        var products = new[] { ("alpha", Perp), ("beta", Perp), ("gamma", "ETH/USDT") };
        var held = products.ToDictionary(p => p, _ => 0m);
        var events = new List<(DateTimeOffset At, FillRecord? Fill, CashFlowRecord? Flow)>();
        for (var i = 0; i < 600; i++)
        {
            // Pairs of rows share a time now and then, so that late rows land on ties too.
            var at = Second(10 * (i - (random.Next(4) == 0 ? 1 : 0)));
            var product = products[random.Next(products.Length)];
            var (bot, symbol) = product;
            if (symbol == Perp && random.Next(7) == 0)
            {
                events.Add((at, null, new CashFlowRecord(bot, $"c{i}", CashFlowKind.Funding, random.Next(-100, 100) / 100m, "USDT", at, symbol)));
                continue;
            }

            // Lean against what is held so that positions close, flip and leave dust.
            var side = held[product] > 3 ? Side.Sell : held[product] < -3 ? Side.Buy : random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var quantity = random.Next(1, 250) / 100m;
            held[product] += side == Side.Buy ? quantity : -quantity;
            var feeCurrency = random.Next(10) == 0 ? "BNB" : "USDT";
            events.Add((at, Fill(bot, $"f{i}", side, quantity, 100m + random.Next(-2000, 2000) / 100m, at, symbol, random.Next(0, 50) / 1000m, feeCurrency), null));
        }

        // A quarter of the rows are held back and sent later, a few at a time, after rows newer than they are.
        var late = events.Where(_ => random.Next(4) == 0).ToList();
        var inOrder = events.Except(late).ToList();
        var sent = 0;
        var batches = 0;
        while (sent < inOrder.Count || late.Count > 0)
        {
            List<(DateTimeOffset At, FillRecord? Fill, CashFlowRecord? Flow)> batch;
            if (late.Count > 0 && (sent == inOrder.Count || random.Next(3) == 0))
            {
                batch = late.OrderBy(_ => random.Next()).Take(random.Next(1, 6)).ToList();
                late.RemoveAll(batch.Contains);

                // Some late batches bring rows in time order with them.
                var extra = inOrder.Skip(sent).Take(random.Next(0, 3)).ToList();
                sent += extra.Count;
                batch.AddRange(extra);
            }
            else
            {
                batch = inOrder.Skip(sent).Take(random.Next(1, 25)).ToList();
                sent += batch.Count;
            }

            ledger.Record(new LedgerBatch { Fills = [.. batch.Where(e => e.Fill is not null).Select(e => e.Fill!)], CashFlows = [.. batch.Where(e => e.Flow is not null).Select(e => e.Flow!)] });
            if (++batches % 10 == 0)
            {
                Db.Check(StoredLedger.AssertMatchesReplay);
            }
        }

        Assert.Equal(events.Count(e => e.Fill is not null), Db.Count("fills"));
        Db.Check(StoredLedger.AssertMatchesReplay);
        Db.Check(AssertUnconvertedFeesMatch);
        Assert.All(products, p => Assert.NotEmpty(Checkpoints(p.Item1, p.Item2)));
    }

    /// <summary>The fees kept apart equal, per product and currency, what the stored fills' fees add up to unconverted.</summary>
    private static void AssertUnconvertedFeesMatch(DbConnection connection)
    {
        var expected = new SortedDictionary<(string, string, string), decimal>();
        using (var command = connection.Command(null, """
            SELECT b.name, i.symbol, f.fee, f.fee_currency, f.fee_rate, i.base, i.quote, f.price
            FROM fills f JOIN bots b ON b.id = f.bot_id JOIN instruments i ON i.id = f.instrument_id
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var fee = FeeConversion.ToQuote(reader.GetDecimal(2), reader.GetStringOrNull(3), reader.GetDecimalOrNull(4), reader.GetString(5), reader.GetString(6), reader.GetDecimal(7));
                if (!fee.IsConverted)
                {
                    var key = (reader.GetString(0), reader.GetString(1), fee.UnconvertedCurrency!);
                    expected[key] = expected.GetValueOrDefault(key) + fee.UnconvertedAmount;
                }
            }
        }

        var stored = new SortedDictionary<(string, string, string), decimal>();
        using (var command = connection.Command(null, """
            SELECT b.name, i.symbol, u.currency, u.amount
            FROM unconverted_fees u JOIN bots b ON b.id = u.bot_id JOIN instruments i ON i.id = u.instrument_id
            """))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                stored[(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = reader.GetDecimal(3);
            }
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, stored);
    }
}

public sealed class SqliteCheckpointReplayTests() : CheckpointReplayTests(StorageEngine.Sqlite);

public sealed class PostgresCheckpointReplayTests() : CheckpointReplayTests(StorageEngine.Postgres), IPostgresTests;
