using Microsoft.Extensions.Time.Testing;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Migrations;

namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>One test's own database, removed when the test ends.</summary>
public sealed class TestDatabase(DatabaseTarget target, Action cleanup) : IDisposable
{
    public static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public DatabaseTarget Target { get; } = target;

    public TradebookDatabase Database { get; } = new(target);

    public SqlEngine Engine => Target.Engine;

    public FakeTimeProvider Clock { get; } = new(Now);

    public Migrator Migrator(IMigrationSource? source = null) => new(Database, source ?? EmbeddedMigrationSource.Instance, Clock);

    public global::Tradebook.Storage.Ledger.LedgerWriter Ledger() => new(Database, Clock);

    public global::Tradebook.Storage.Ledger.LedgerReader Reader() => new(Database);

    /// <summary>Migrates to the latest version: the starting point of every ledger test.</summary>
    public TestDatabase Migrated()
    {
        Migrator().Migrate();
        return this;
    }

    public void Execute(string sql)
    {
        using var connection = Database.Open();
        connection.Execute(sql);
    }

    public long Count(string table, string where = "")
    {
        using var connection = Database.Open();
        return Convert.ToInt64(connection.ExecuteScalar($"SELECT count(*) FROM {table} {where}"), CultureInfo.InvariantCulture);
    }

    public T Query<T>(Func<DbConnection, T> read)
    {
        using var connection = Database.Open();
        return read(connection);
    }

    public void Check(Action<DbConnection> check)
    {
        using var connection = Database.Open();
        check(connection);
    }

    public IReadOnlyList<string> Tables() => Query(c => Schema.SchemaInspector.Inspect(c, Engine).Tables.Keys.ToList());

    public void Dispose()
    {
        Database.Dispose();
        cleanup();
    }
}
