using Dapper;
using Tradebook.Core.Domain;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Migrations;

public sealed class SqliteClosedPositionsMigrationTests() : ClosedPositionsMigrationTests(StorageEngine.Sqlite);

public sealed class PostgresClosedPositionsMigrationTests() : ClosedPositionsMigrationTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// Migration 10 removes the lots that closed FIFO positions kept before the ledger deleted them on closing,
/// and keeps the open position's.
/// </summary>
public abstract class ClosedPositionsMigrationTests(StorageEngine engine) : StorageTest(engine)
{
    private const int Version = 10;

    [StorageFact]
    public void lots_of_closed_positions_are_removed_and_the_open_positions_kept()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("beta", BotMode.Paper, CostBasisMethod.Fifo));
        ledger.Record(Fills(Buy("beta", "b1", 1m, 100m), Buy("beta", "b2", 1m, 110m, minute: 1)));
        ledger.Record(Fills(Sell("beta", "b3", 2m, 120m, minute: 2), Buy("beta", "b4", 3m, 90m, minute: 3)));
        var closed = Db.Query(c => c.ExecuteScalar<long>("SELECT id FROM positions WHERE status = 'closed'"));
        var open = Db.Query(c => c.ExecuteScalar<long>("SELECT id FROM positions WHERE status = 'open'"));
        Db.Migrator().Down(Version - 1);
        Db.Execute($"INSERT INTO position_lots (position_id, seq, quantity, notional, fees) VALUES ({closed}, 0, '1', '100', '0'), ({closed}, 1, '1', '110', '0')");

        Assert.Equal([Version], Db.Migrator().Migrate(target: Version).Applied);

        Assert.Equal(0, Db.Count("position_lots", $"WHERE position_id = {closed}"));
        Assert.Equal(1, Db.Count("position_lots", $"WHERE position_id = {open}"));
        Db.Check(StoredLedger.AssertMatchesReplay);
    }
}
