using Npgsql;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>An engine the storage tests run on; each test gets its own empty database from it.</summary>
public abstract class StorageEngine
{
    public static readonly StorageEngine Sqlite = new SqliteStorageEngine();
    public static readonly StorageEngine Postgres = new PostgresStorageEngine();

    public abstract SqlEngine Engine { get; }

    public abstract TestDatabase CreateDatabase();

    private sealed class SqliteStorageEngine : StorageEngine
    {
        public override SqlEngine Engine => SqlEngine.Sqlite;

        public override TestDatabase CreateDatabase()
        {
            var folder = Directory.CreateTempSubdirectory("tradebook-storage-tests-");
            var path = Path.Combine(folder.FullName, "tradebook.db");
            return new TestDatabase(DatabaseTarget.Parse(path, "test", folder.FullName), () => DeleteFolder(folder.FullName));
        }

        private static void DeleteFolder(string folder)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A child process may still hold the file for a moment; the temp folder is cleaned eventually.
            }
        }
    }

    private sealed class PostgresStorageEngine : StorageEngine
    {
        public override SqlEngine Engine => SqlEngine.Postgres;

        /// <summary>A fresh schema per test, reached through the connection's search path, dropped after.</summary>
        public override TestDatabase CreateDatabase()
        {
            var server = TestPostgres.Require();
            var schema = $"tb_{Guid.NewGuid():N}";
            Execute(server, $"CREATE SCHEMA {schema}");
            var connectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
            var target = new DatabaseTarget(SqlEngine.Postgres, connectionString, PostgresConnectionString.Redact(connectionString), "test");
            return new TestDatabase(target, () =>
            {
                NpgsqlConnection.ClearAllPools();
                Execute(server, $"DROP SCHEMA IF EXISTS {schema} CASCADE");
            });
        }

        private static void Execute(string connectionString, string sql)
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }
}
