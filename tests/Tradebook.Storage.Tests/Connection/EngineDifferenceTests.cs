using System.Data.Common;
using System.Globalization;
using Dapper;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Connection;

/// <summary>Where SQLite and PostgreSQL differ, tested rather than assumed: every test runs on both.</summary>
public abstract class EngineDifferenceTests(StorageEngine engine) : StorageTest(engine)
{
    private global::Tradebook.Storage.Ledger.LedgerWriter Ledger(params BotSpec[] bots)
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        foreach (var bot in bots.DefaultIfEmpty(new BotSpec("alpha", BotMode.Paper)))
        {
            ledger.AddBot(bot);
        }

        return ledger;
    }

    private decimal Scalar(string sql) => Db.Query(c =>
    {
        using var command = c.Command(null, sql);
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetDecimal(0);
    });

    [StorageFact]
    public void a_read_sees_one_snapshot_while_another_connection_commits_between_its_statements()
    {
        var ledger = Ledger();
        ledger.Record(Fills(Buy("alpha", "f1", 1m, 100m)));
        static long Stored(DbConnection connection) => connection.ExecuteScalar<long>("SELECT count(*) FROM fills");

        var (before, after) = Db.Database.Read(connection =>
        {
            var first = Stored(connection);
            ledger.Record(Fills(Sell("alpha", "f2", 1m, 110m, minute: 1)));
            return (first, Stored(connection));
        });

        Assert.Equal((1, 1), (before, after));
        Assert.Equal(2, Db.Count("fills"));
        Assert.Single(new Executions(Db.Database).FillPage(CallerScope.LocalOwner, new ExecutionQuery()).Items, f => f.ExternalId == "f2");
    }

    [StorageFact]
    public void decimals_of_28_significant_digits_round_trip_exactly()
    {
        var ledger = Ledger();
        var price = 1234567890.123456789012345678m;
        var quantity = 0.000000000000000000123456789m;
        var fee = 0.0000000000000000000000000001m;

        ledger.Record(Fills(Buy("alpha", "f1", quantity, price) with { Fee = fee, FeeCurrency = "USDT" }));

        Assert.Equal(price, Scalar("SELECT price FROM fills"));
        Assert.Equal(quantity, Scalar("SELECT quantity FROM fills"));
        Assert.Equal(fee, Scalar("SELECT fee FROM fills"));
        // Recording it again compares the stored values with the given ones: any rounding would be a conflict.
        Assert.Equal(new KindCount(0, 1, 0), ledger.Record(Fills(Buy("alpha", "f1", quantity, price) with { Fee = fee, FeeCurrency = "USDT" }))["fills"]);
    }

    [StorageFact]
    public void sums_of_tenths_are_exact_not_binary_floating_point()
    {
        var ledger = Ledger();

        ledger.Record(Fills(Buy("alpha", "1", 1, 0.1m, fee: 0.1m)));
        ledger.Record(Fills(Buy("alpha", "2", 1, 0.2m, fee: 0.2m)));
        ledger.Record(Fills(Sell("alpha", "3", 2, 0.3m, fee: 0.3m)));

        var rollup = Db.Query(StoredLedger.Rollups)[("alpha", "BTC/USDT")];
        // Bought for 0.1 + 0.2 = 0.3 plus fees 0.3, sold for 0.6 less 0.3 fee: realized 0.6 - 0.3 - 0.3 - 0.3 = -0.3.
        Assert.Equal(0.6m, rollup.Fees);
        Assert.Equal(-0.3m, rollup.RealizedPnl);
        Assert.Equal(0.6m, Scalar("SELECT fees FROM daily_rollups"));
        Assert.Equal(-0.3m, Scalar("SELECT realized_pnl FROM daily_rollups"));
    }

    [StorageFact]
    public void a_timestamp_given_with_an_offset_is_stored_as_the_same_instant_and_counted_on_its_utc_day()
    {
        var ledger = Ledger();
        // 01:30 on 1 March in +02:00 is 23:30 on 29 February in UTC.
        var at = new DateTimeOffset(2024, 3, 1, 1, 30, 0, TimeSpan.FromHours(2));

        ledger.Record(Fills(Buy("alpha", "1", 1, 100) with { Timestamp = at }, Sell("alpha", "2", 1, 110) with { Timestamp = at.AddMinutes(1) }));

        var stored = Db.Query(c => StoredTime.Read(c.ExecuteScalar("SELECT ts FROM fills ORDER BY id LIMIT 1")!));
        Assert.Equal(at, stored);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(["2024-02-29"], Db.Query(c => c.Query<string>("SELECT day FROM daily_rollups")));
        Assert.Equal("2024-02-29", Db.Reader().Pnl(new ReportFilter(Bot: "alpha"), PnlGrouping.Day).Single().Product);
        // The same instant written in UTC is the same fill.
        Assert.Equal(new KindCount(0, 1, 0), ledger.Record(Fills(Buy("alpha", "1", 1, 100) with { Timestamp = at.ToUniversalTime() }))["fills"]);
    }

    [StorageFact]
    public void timestamps_keep_microseconds_and_sort_in_time_order()
    {
        var ledger = Ledger();
        var at = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(1234560);

        ledger.Record(new LedgerBatch { Snapshots = [new SnapshotRecord("alpha", at.AddHours(-10), 1m), new SnapshotRecord("alpha", at, 2m), new SnapshotRecord("alpha", at.AddTicks(10), 3m)] });

        var stored = Db.Query(c =>
        {
            using var command = c.Command(null, "SELECT ts FROM equity_snapshots ORDER BY ts");
            using var reader = command.ExecuteReader();
            var times = new List<DateTimeOffset>();
            while (reader.Read())
            {
                times.Add(StoredTime.Read(reader.GetValue(0)));
            }

            return times;
        });
        Assert.Equal([at.AddHours(-10), at, at.AddTicks(10)], stored);
    }

    [StorageFact]
    public void bot_names_differing_only_in_case_are_different_bots()
    {
        var ledger = Ledger(new BotSpec("Alpha", BotMode.Paper), new BotSpec("alpha", BotMode.Live));

        ledger.Record(Fills(Buy("Alpha", "f1", 1, 100), Buy("alpha", "f1", 2, 100)));

        Assert.Equal(["Alpha", "alpha"], ledger.ListBots().Select(b => b.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, Db.Count("fills"));
        Assert.Equal(1m, Db.Reader().Pnl(new ReportFilter(Bot: "Alpha"), PnlGrouping.Product).Single().PositionQty);
        Assert.Equal(ErrorCode.UnknownBot, Assert.Throws<TradebookException>(() => ledger.Record(Fills(Buy("ALPHA", "f1", 1, 100)))).Code);
    }

    [StorageFact]
    public void upserts_take_the_conflict_path_on_both_engines()
    {
        var ledger = Ledger(new BotSpec("a", BotMode.Paper, User: "ann"), new BotSpec("b", BotMode.Paper, User: "ann"));

        ledger.Record(new LedgerBatch { Settings = [new Setting("global", "quote", "USDT")], Fills = [Buy("a", "1", 1, 100)] });
        ledger.Record(new LedgerBatch { Settings = [new Setting("global", "quote", "EUR")], Fills = [Buy("b", "1", 1, 100), Buy("a", "2", 1, 120)] });

        Assert.Equal(1, Db.Count("users"));
        Assert.Equal(1, Db.Count("instruments"));
        Assert.Equal(["EUR"], Db.Query(c => c.Query<string>("SELECT value FROM settings WHERE scope = 'global' AND key = 'quote'")));
        Assert.Equal(2, Db.Count("product_rollups"));
        Assert.Equal((2m, 2), Db.Query(StoredLedger.Rollups)[("a", "BTC/USDT")] is var r ? (r.Quantity, r.Fills) : default);
        Assert.Equal(1, Db.Count("daily_rollups", "WHERE fills = 2"));
    }

    [StorageFact]
    public void a_key_too_long_for_an_index_is_bad_input_on_postgres_not_a_database_failure()
    {
        // The record format refuses ids over NameLength.Max; an import reaches the ledger without it. PostgreSQL
        // cannot index a key of about 2,700 bytes or more, which was reported as a database that cannot be opened.
        var ledger = Ledger();
        var random = new Random(7);
        var id = new string(Enumerable.Range(0, 3000).Select(_ => (char)random.Next('a', 'z' + 1)).ToArray());

        if (Engine == StorageEngine.Postgres)
        {
            var error = Assert.Throws<TradebookException>(() => ledger.Record(Fills(Buy("alpha", id, 1, 100))));
            Assert.Equal(ErrorCode.InvalidInput, error.Code);
            Assert.Contains($"at most {NameLength.Max} characters", error.Message, StringComparison.Ordinal);
            Assert.Equal(0, Db.Count("fills"));
        }
        else
        {
            ledger.Record(Fills(Buy("alpha", id, 1, 100)));
            Assert.Equal(1, Db.Count("fills"));
        }
    }

    [StorageFact]
    public void returning_gives_the_new_rows_id()
    {
        var ledger = Ledger(new BotSpec("a", BotMode.Paper), new BotSpec("b", BotMode.Paper));
        ledger.Record(Fills(Buy("a", "1", 1, 100), Buy("b", "1", 1, 100), Sell("a", "2", 2, 100)));

        var id = Db.Query(c => Convert.ToInt64(c.ExecuteScalar("INSERT INTO users (name, created_at) VALUES ('zed', '2024-01-01T00:00:00Z') RETURNING id"), CultureInfo.InvariantCulture));

        Assert.Equal(["zed"], Db.Query(c => c.Query<string>($"SELECT name FROM users WHERE id = {id}")));
        // Positions are created with INSERT ... RETURNING: each fill points at its own bot's position.
        Assert.Equal(0, Db.Count("fills f", "WHERE NOT EXISTS (SELECT 1 FROM positions p WHERE p.id = f.position_id AND p.bot_id = f.bot_id)"));
        Assert.Equal(3, Db.Count("positions"));
    }
}

public sealed class SqliteEngineDifferenceTests() : EngineDifferenceTests(StorageEngine.Sqlite);

public sealed class PostgresEngineDifferenceTests() : EngineDifferenceTests(StorageEngine.Postgres), IPostgresTests;
