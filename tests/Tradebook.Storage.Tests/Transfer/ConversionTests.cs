using System.Data.Common;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Tests.Infrastructure;
using Tradebook.Storage.Transfer;

namespace Tradebook.Storage.Tests.Transfer;

/// <summary>
/// Converting a SQLite ledger to the engine under test (<see cref="StorageTest.Db"/>, empty) and back
/// to a new SQLite file: every row, exact decimal, instant and P&amp;L survives the trip.
/// </summary>
public abstract class ConversionTests(StorageEngine engine) : StorageTest(engine), IDisposable
{
    private readonly List<TestDatabase> _sqlite = [];

    protected TestDatabase NewSqlite()
    {
        var db = StorageEngine.Sqlite.CreateDatabase();
        _sqlite.Add(db);
        return db;
    }

    protected TestDatabase SampleSource()
    {
        var source = NewSqlite();
        SampleLedger.Write(source);
        return source;
    }

    protected static ConversionReport Convert(TestDatabase from, TestDatabase to, Action<TransferProgress>? progress = null, int? rowsPerStatement = null) =>
        new DatabaseConverter(from.Database, to.Database, EmbeddedMigrationSource.Instance, to.Clock) { Progress = progress, RowsPerStatement = rowsPerStatement }.Convert();

    [StorageFact]
    public void a_round_trip_keeps_every_row_value_and_pnl()
    {
        var source = SampleSource();
        var final = NewSqlite();

        var there = Convert(source, Db);
        var back = Convert(Db, final);

        foreach (var report in new[] { there, back })
        {
            Assert.True(report.Ok, string.Join("\n", report.Tables.SelectMany(t => t.Mismatches)));
            Assert.Empty(report.Warnings);
        }

        var fills = there.Tables.Single(t => t.Table == "fills");
        Assert.Equal(9, fills.SourceRows);
        Assert.Equal(fills.SourceRows, fills.TargetRows);
        var quantity = fills.Columns.Single(c => c.Column == "quantity");
        Assert.Equal("18345698.123456801345678901", quantity.Target.Sum);
        Assert.Equal(quantity.Source.Sum, quantity.Target.Sum);
        Assert.Equal(Db.Engine == SqlEngine.Postgres ? ColumnKind.Decimal : ColumnKind.Text, quantity.Kind);
        foreach (var table in new[] { "users", "bots", "instruments", "import_batches", "signals", "decisions", "decision_signals", "orders", "positions", "fills", "position_lots", "cash_flows", "product_rollups", "daily_rollups", "unconverted_fees", "equity_snapshots", "price_bars", "fx_rates", "settings", "import_replaced_settings" })
        {
            Assert.True(there.Tables.Single(t => t.Table == table).TargetRows > 0, $"{table} was not exercised");
        }

        // Parents before children: bots before fills, positions before fills and lots.
        var order = there.Tables.Select(t => t.Table).ToList();
        Assert.True(order.IndexOf("bots") < order.IndexOf("fills") && order.IndexOf("positions") < order.IndexOf("fills") && order.IndexOf("orders") < order.IndexOf("fills") && order.IndexOf("decisions") < order.IndexOf("orders"));

        // The copy back is the original, byte for byte, in every table.
        foreach (var table in there.Tables)
        {
            Assert.Equal(Rows(source, table.Table), Rows(final, table.Table));
        }

        var expected = Reports(source);
        Assert.Equal(expected, Reports(Db));
        Assert.Equal(expected, Reports(final));
        Assert.Equal(source.Query(StoredLedger.Rollups), Db.Query(StoredLedger.Rollups));
        Assert.Equal(source.Query(StoredLedger.Positions), Db.Query(StoredLedger.Positions));
        Assert.Contains(SampleLedger.Tiny, Db.Query(c => Decimals(c, "SELECT quantity FROM fills")));
        Assert.Contains(SampleLedger.Huge, Db.Query(c => Decimals(c, "SELECT price FROM fills")));
        Assert.Equal(SampleLedger.T0.ToUniversalTime(), Db.Query(c => TimestampOf(c, "SELECT ts FROM signals WHERE external_id = 's1'")));
    }

    [StorageFact]
    public void rows_written_to_the_source_during_the_copy_are_reported_not_lost_silently()
    {
        var source = SampleSource();
        var wrote = false;

        var report = Convert(source, Db, progress: _ =>
        {
            if (!wrote)
            {
                // Another writer, as a bot still running would be; the copy reads its own snapshot.
                source.Execute("INSERT INTO settings (scope, key, value, updated_at) VALUES ('late', 'k', 'v', '2026-01-01T00:00:00.000000Z')");
                wrote = true;
            }
        });

        Assert.True(report.Tables.All(t => t.Ok));
        Assert.False(report.Ok);
        Assert.Equal(["1 row was written to settings of the source during the copy and is not in the target"], report.WrittenDuringCopy);
        Assert.Equal(source.Count("settings") - 1, Db.Count("settings"));
    }

    [StorageFact]
    public void rows_recorded_after_a_conversion_get_fresh_ids()
    {
        var source = SampleSource();
        Convert(source, Db);
        var lastFill = source.Query(c => Max(c, "fills"));
        var lastBot = source.Query(c => Max(c, "bots"));
        var lastPosition = source.Query(c => Max(c, "positions"));

        var ledger = Db.Ledger();
        var (bot, _) = ledger.AddBot(new BotSpec("delta", BotMode.Paper));
        ledger.Record(Records.Fills(Records.Buy("delta", "n1", 1, 10), Records.Buy("alpha", "n2", 1, 60000, minute: 60 * 24 * 365)));

        Assert.Equal(lastBot + 1, bot.Id);
        Assert.Equal(lastFill + 2, Db.Query(c => Max(c, "fills")));
        Assert.Equal(lastPosition + 1, Db.Query(c => Max(c, "positions")));
        Assert.Equal(source.Count("fills") + 2, Db.Count("fills"));
        Assert.Equal(1, Db.Query(StoredLedger.Rollups)[("delta", "BTC/USDT")].Fills);
    }

    [StorageFact]
    public void a_target_holding_rows_is_refused_and_left_as_it_was()
    {
        var source = SampleSource();
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("mine", BotMode.Live));
        ledger.Record(Records.Fills(Records.Buy("mine", "x1", 2, 100)));
        var before = Counts(Db);

        var error = Assert.Throws<TradebookException>(() => Convert(source, Db));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Contains("already holds Tradebook rows", error.Message, StringComparison.Ordinal);
        Assert.Contains("fills: 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Counts(Db));
        Assert.Equal("mine", Assert.Single(Db.Ledger().ListBots()).Name);
    }

    [StorageFact]
    public void a_failure_in_the_middle_of_the_copy_leaves_the_target_without_rows()
    {
        var source = SampleSource();
        var seen = new List<string>();

        var error = Assert.Throws<InvalidOperationException>(() => Convert(source, Db, p =>
        {
            if (p.TableDone)
            {
                seen.Add(p.Table);
            }

            if (p.Table == "fills" && p.Rows > 0)
            {
                throw new InvalidOperationException("interrupted");
            }
        }, rowsPerStatement: 2));

        Assert.Equal("interrupted", error.Message);
        Assert.Contains("orders", seen);
        Assert.All(Counts(Db), c => Assert.True(c.Value == 0, $"{c.Key} holds {c.Value} rows"));

        // Nothing was left behind that would stop a second attempt.
        Assert.True(Convert(source, Db).Ok);
        Assert.Equal(Counts(source), Counts(Db));
    }

    [StorageFact]
    public void a_source_without_the_current_schema_is_refused()
    {
        var source = NewSqlite();
        source.Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)");

        var error = Assert.Throws<TradebookException>(() => Convert(source, Db));

        Assert.Equal(ErrorCode.SchemaNotInitialized, error.Code);
        Assert.DoesNotContain("fills", Db.Tables());
    }

    [StorageFact]
    public void large_tables_are_copied_in_many_statements_with_the_same_result()
    {
        var source = NewSqlite();
        source.Migrated();
        var ledger = source.Ledger();
        ledger.AddBot(new BotSpec("bulk", BotMode.Backtest));
        var fills = Enumerable.Range(0, 2_345).Select(i => i % 3 == 2
            ? Records.Sell("bulk", $"b{i}", 0.5m, 100 + (i * 0.000001m), 0.0001m, minute: i)
            : Records.Buy("bulk", $"b{i}", 0.25m + (i * 0.00000001m), 100 - (i * 0.000001m), 0.0001m, minute: i)).ToArray();
        ledger.Record(Records.Fills(fills));
        var progress = new List<TransferProgress>();

        var report = Convert(source, Db, progress.Add, rowsPerStatement: 100);

        Assert.True(report.Ok);
        Assert.Equal(2_345, report.Tables.Single(t => t.Table == "fills").TargetRows);
        Assert.True(progress.Count(p => p.Table == "fills" && p.Stage == TransferStage.Copy && !p.TableDone) >= 23);
        Assert.Equal(Reports(source), Reports(Db));
    }

    protected static Dictionary<string, long> Counts(TestDatabase db) =>
        TransferPlanner.FromMigrations(EmbeddedMigrationSource.Instance, 1000).Tables.Keys.ToDictionary(t => t, t => db.Count(t));

    /// <summary>Every row of a table as stored, sorted, for a byte-for-byte comparison of two SQLite files.</summary>
    protected static List<string> Rows(TestDatabase db, string table) => db.Query(c =>
    {
        using var command = c.Command(null, $"SELECT * FROM {table}");
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : $"{reader.GetValue(i).GetType().Name}:{reader.GetValue(i)}")));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    });

    /// <summary>What a user reads through the ledger: P&amp;L three ways, open positions, round trips, unconverted fees.</summary>
    protected static string Reports(TestDatabase db)
    {
        var reader = new LedgerReader(db.Database);
        var all = new ReportFilter(AllModes: true);
        var parts = new object[]
        {
            reader.Pnl(all, PnlGrouping.Product),
            reader.Pnl(all, PnlGrouping.Bot),
            reader.Pnl(all, PnlGrouping.Day),
            reader.OpenPositions(all),
            reader.Trades(all),
            reader.UnconvertedFees(all),
        };
        var text = string.Join("\n", parts.SelectMany(p => ((System.Collections.IEnumerable)p).Cast<object>()).Select(o => o.ToString()));
        Assert.False(string.IsNullOrEmpty(text));
        return text;
    }

    private static long Max(DbConnection connection, string table)
    {
        using var command = connection.Command(null, $"SELECT max(id) FROM {table}");
        return System.Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<decimal> Decimals(DbConnection connection, string sql)
    {
        using var command = connection.Command(null, sql);
        using var reader = command.ExecuteReader();
        var values = new List<decimal>();
        while (reader.Read())
        {
            values.Add(reader.GetDecimal(0));
        }

        return values;
    }

    private static DateTimeOffset TimestampOf(DbConnection connection, string sql)
    {
        using var command = connection.Command(null, sql);
        return StoredTime.Read(command.ExecuteScalar()!);
    }

    public new void Dispose()
    {
        foreach (var db in _sqlite)
        {
            db.Dispose();
        }

        base.Dispose();
    }
}

public sealed class SqliteConversionTests() : ConversionTests(StorageEngine.Sqlite);

public sealed class PostgresConversionTests() : ConversionTests(StorageEngine.Postgres), IPostgresTests
{
    [StorageFact]
    public void a_source_value_that_is_not_a_number_stops_the_copy_and_names_the_row()
    {
        var source = SampleSource();

        // SQLite's TEXT takes anything; PostgreSQL's NUMERIC does not.
        source.Execute("UPDATE fills SET fee = 'n/a' WHERE external_id = 'f3'");
        var id = source.Query(c =>
        {
            using var command = c.Command(null, "SELECT id FROM fills WHERE external_id = 'f3'");
            return System.Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });

        var error = Assert.Throws<TradebookException>(() => Convert(source, Db));

        Assert.Equal(ErrorCode.InvalidInput, error.Code);
        Assert.Contains($"fills.fee of the row with id = {id}", error.Message, StringComparison.Ordinal);
        Assert.Contains("holds no Tradebook rows", error.Message, StringComparison.Ordinal);
        Assert.All(Counts(Db), c => Assert.True(c.Value == 0, $"{c.Key} holds {c.Value} rows"));
    }

    [StorageFact]
    public void one_postgresql_database_converts_to_another_with_every_row_and_the_same_pnl()
    {
        Assert.True(Convert(SampleSource(), Db).Ok);
        using var other = StorageEngine.Postgres.CreateDatabase();

        var report = Convert(Db, other);

        Assert.True(report.Ok, string.Join("\n", report.Tables.SelectMany(t => t.Mismatches)));
        foreach (var table in report.Tables)
        {
            Assert.Equal(Rows(Db, table.Table), Rows(other, table.Table));
        }

        Assert.Equal(Reports(Db), Reports(other));
    }

    [StorageFact]
    public void a_database_that_does_not_exist_is_created()
    {
        var source = SampleSource();
        var server = new Npgsql.NpgsqlConnectionStringBuilder(TestPostgres.Require()) { Database = $"tb_convert_{Guid.NewGuid():N}" }.ConnectionString;
        var target = DatabaseTarget.Parse(server, "test", AppContext.BaseDirectory);
        try
        {
            using var database = new TradebookDatabase(target);

            var report = new DatabaseConverter(source.Database, database).Convert();

            Assert.True(report.Ok);
            Assert.True(report.TargetCreated);
            Assert.Equal(source.Count("fills"), report.Tables.Single(t => t.Table == "fills").TargetRows);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            using var admin = new Npgsql.NpgsqlConnection(TestPostgres.Require());
            admin.Open();
            using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {new Npgsql.NpgsqlConnectionStringBuilder(server).Database} WITH (FORCE)", admin);
            drop.ExecuteNonQuery();
        }
    }
}
