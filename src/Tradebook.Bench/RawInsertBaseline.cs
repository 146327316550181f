using System.Data.Common;
using System.Diagnostics;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Bench;

/// <summary>
/// The yardstick: the same fill records, every field of them, inserted with one prepared statement
/// in one transaction into a table with the same natural key, on the same durability profile, with
/// no accounting. Measured two ways: through Storage's RowStatement (SQLite's C API, values bound by position), as the ledger
/// binds its fills, and through Microsoft.Data.Sqlite's command, which binds by name.
/// </summary>
internal static class RawInsertBaseline
{
    private static readonly string[] Fields =
    [
        "bot", "external_id", "symbol", "side", "quantity", "price", "fee", "fee_currency", "fee_rate", "ts",
        "order_id", "source", "source_ref", "bot_version", "strategy_version",
    ];

    private const string CreateTable = """
        CREATE TABLE raw_fills (
            id INTEGER PRIMARY KEY, bot TEXT NOT NULL, external_id TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL,
            quantity TEXT NOT NULL, price TEXT NOT NULL, fee TEXT NOT NULL, fee_currency TEXT, fee_rate TEXT, ts TEXT NOT NULL,
            order_id TEXT, source TEXT, source_ref TEXT, bot_version TEXT, strategy_version TEXT,
            UNIQUE (bot, external_id))
        """;

    private static readonly string InsertSql =
        $"INSERT INTO raw_fills ({string.Join(", ", Fields)}) VALUES ({string.Join(", ", Fields.Select(f => "@" + f))})";

    public static double RowsPerSecond(string path, IEnumerable<FillRecord> fills, bool throughCommand)
    {
        using var connection = SqliteConnections.Open(SqliteConnections.ConnectionString(path));
        using (var create = connection.Command(null, CreateTable))
        {
            create.ExecuteNonQuery();
        }

        var sql = InsertSql;
        int inserted;
        var watch = new Stopwatch();
        using var transaction = connection.BeginTransaction();
        if (throughCommand)
        {
            using var command = connection.Command(transaction, sql);
            foreach (var field in Fields)
            {
                command.Add("@" + field);
            }

            command.Prepare();
            inserted = Insert(fills, watch, command.Set, () => command.ExecuteNonQuery());
        }
        else
        {
            using var statement = RowStatement.Prepare(connection, transaction, sql, [.. Fields.Select(f => "@" + f)]);
            inserted = Insert(fills, watch, statement.Set, () => statement.ExecuteNonQuery());
        }

        watch.Start();
        transaction.Commit();
        return inserted / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// A raw table kept open to take batches as the ledger takes them: each batch in a transaction of its own,
    /// committed on the same durability profile, so that it can be timed batch by batch beside the ledger.
    /// </summary>
    public sealed class Table : IDisposable
    {
        private readonly DbConnection _connection;
        private readonly DbCommand? _command;
        private readonly RowStatement? _statement;
        private readonly DbCommand _begin;
        private readonly DbCommand _commit;

        public Table(string path, bool throughCommand)
        {
            _connection = SqliteConnections.Open(SqliteConnections.ConnectionString(path));
            using (var create = _connection.Command(null, CreateTable))
            {
                create.ExecuteNonQuery();
            }

            if (throughCommand)
            {
                _command = _connection.Command(null, InsertSql);
                foreach (var field in Fields)
                {
                    _command.Add("@" + field);
                }

                _command.Prepare();
            }
            else
            {
                _statement = RowStatement.Prepare(_connection, null, InsertSql, [.. Fields.Select(f => "@" + f)]);
            }

            _begin = _connection.Command(null, "BEGIN IMMEDIATE");
            _commit = _connection.Command(null, "COMMIT");
        }

        /// <summary>Inserts and commits <paramref name="fills"/>; returns how long that took.</summary>
        public TimeSpan Insert(IReadOnlyList<FillRecord> fills)
        {
            var start = Stopwatch.GetTimestamp();
            _begin.ExecuteNonQuery();
            if (_command is { } command)
            {
                RawInsertBaseline.Insert(fills, null, command.Set, () => command.ExecuteNonQuery());
            }
            else if (_statement is { } statement)
            {
                RawInsertBaseline.Insert(fills, null, statement.Set, () => statement.ExecuteNonQuery());
            }

            _commit.ExecuteNonQuery();
            return Stopwatch.GetElapsedTime(start);
        }

        public void Dispose()
        {
            _begin.Dispose();
            _commit.Dispose();
            _command?.Dispose();
            _statement?.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>
    /// The floor under a durable single-fill commit: each record inserted in a transaction of its own
    /// (BEGIN IMMEDIATE, as the ledger writes) on the same durability profile, so every commit fsyncs the WAL.
    /// </summary>
    public static Latency CommitLatency(string path, IReadOnlyList<FillRecord> fills)
    {
        using var connection = SqliteConnections.Open(SqliteConnections.ConnectionString(path));
        using (var create = connection.Command(null, CreateTable))
        {
            create.ExecuteNonQuery();
        }

        using var statement = RowStatement.Prepare(connection, null, InsertSql, [.. Fields.Select(f => "@" + f)]);
        using var begin = connection.Command(null, "BEGIN IMMEDIATE");
        using var commit = connection.Command(null, "COMMIT");
        var next = 0;
        return Latency.Measure(fills.Count, () =>
        {
            begin.ExecuteNonQuery();
            Insert([fills[next++]], null, statement.Set, () => statement.ExecuteNonQuery());
            commit.ExecuteNonQuery();
        });
    }

    /// <summary>
    /// Inserts the fills; when <paramref name="watch"/> is given, it runs only while rows are inserted: the
    /// fills are generated a run at a time beforehand, so that making them is not counted as inserting them.
    /// </summary>
    private static int Insert(IEnumerable<FillRecord> fills, Stopwatch? watch, Action<int, object?> set, Func<int> execute)
    {
        var count = 0;
        foreach (var run in fills.Chunk(65_536))
        {
            watch?.Start();
            foreach (var f in run)
            {
                count++;
                set(0, f.Bot);
                set(1, f.Id);
                set(2, f.Symbol);
                set(3, f.Side.ToText());
                set(4, f.Quantity);
                set(5, f.Price);
                set(6, f.Fee);
                set(7, f.FeeCurrency);
                set(8, f.FeeRate);
                set(9, StoredTime.Text(f.Timestamp));
                set(10, f.OrderId);
                set(11, f.Provenance?.Source);
                set(12, f.Provenance?.SourceRef);
                set(13, f.Provenance?.BotVersion);
                set(14, f.Provenance?.StrategyVersion);
                execute();
            }

            watch?.Stop();
        }

        return count;
    }
}
