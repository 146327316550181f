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

    /// <summary>
    /// <paramref name="fills"/> inserted in one transaction (the import's baseline); the inserts and the commit are
    /// timed, not making the records.
    /// </summary>
    public static double RowsPerSecond(string path, IEnumerable<FillRecord> fills)
    {
        using var table = new Table(path, throughCommand: false);
        return table.RowsPerSecond(fills);
    }

    /// <summary>
    /// The floor under a durable single-fill commit: each record inserted in a transaction of its own
    /// (BEGIN IMMEDIATE, as the ledger writes) on the same durability profile, so every commit fsyncs the WAL.
    /// </summary>
    public static Latency CommitLatency(string path, IReadOnlyList<FillRecord> fills)
    {
        using var table = new Table(path, throughCommand: false);
        var next = 0;
        return Latency.Measure(fills.Count, () => table.Insert([fills[next++]]));
    }

    /// <summary>
    /// A raw table kept open to take batches as the ledger takes them: each batch in a transaction of its own,
    /// committed on the same durability profile, so that it can be timed batch by batch beside the ledger.
    /// Its insert binds by position through RowStatement, or by name through Microsoft.Data.Sqlite's command.
    /// </summary>
    public sealed class Table : IDisposable
    {
        private readonly DbConnection _connection;
        private readonly IDisposable _insert;
        private readonly Action<int, object?> _set;
        private readonly Func<int> _execute;
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
                var command = _connection.Command(null, InsertSql);
                foreach (var field in Fields)
                {
                    command.Add("@" + field);
                }

                command.Prepare();
                (_insert, _set, _execute) = (command, command.Set, command.ExecuteNonQuery);
            }
            else
            {
                var statement = RowStatement.Prepare(_connection, null, InsertSql, [.. Fields.Select(f => "@" + f)]);
                (_insert, _set, _execute) = (statement, statement.Set, statement.ExecuteNonQuery);
            }

            _begin = _connection.Command(null, "BEGIN IMMEDIATE");
            _commit = _connection.Command(null, "COMMIT");
        }

        /// <summary>Inserts and commits <paramref name="fills"/>; returns how long that took.</summary>
        public TimeSpan Insert(IReadOnlyList<FillRecord> fills)
        {
            var start = Stopwatch.GetTimestamp();
            _begin.ExecuteNonQuery();
            RawInsertBaseline.Insert(fills, null, _set, _execute);
            _commit.ExecuteNonQuery();
            return Stopwatch.GetElapsedTime(start);
        }

        /// <summary>Inserts <paramref name="fills"/> in one transaction; rows per second of the inserts and the commit.</summary>
        public double RowsPerSecond(IEnumerable<FillRecord> fills)
        {
            var watch = new Stopwatch();
            _begin.ExecuteNonQuery();
            var inserted = RawInsertBaseline.Insert(fills, watch, _set, _execute);
            watch.Start();
            _commit.ExecuteNonQuery();
            return inserted / watch.Elapsed.TotalSeconds;
        }

        public void Dispose()
        {
            _begin.Dispose();
            _commit.Dispose();
            _insert.Dispose();
            _connection.Dispose();
        }
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
