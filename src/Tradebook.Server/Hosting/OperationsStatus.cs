using Tradebook.Server.Api;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Health;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Schema;

namespace Tradebook.Server.Hosting;

/// <summary>
/// The slower operational checks (integrity, drift), run at most once a minute however often the
/// operations page asks, so that a page left open costs the database nothing.
/// </summary>
public sealed class OperationsStatus(TradebookDatabase database, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Snapshot? _last;

    public sealed record Snapshot(DatabaseInfo Database, SchemaInfo Schema, IntegrityResult Integrity, DateTimeOffset CheckedAt);

    public Snapshot Current()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_last is null || now - _last.CheckedAt > TimeSpan.FromMinutes(1))
            {
                _last = Check(now);
            }

            return _last;
        }
    }

    private Snapshot Check(DateTimeOffset now)
    {
        var migrator = new Migrator(database);
        var status = migrator.Status();
        var target = database.Target;
        return new Snapshot(
            new DatabaseInfo(target.Display, target.Engine, target.Rule, DatabaseHealth.EngineVersion(database), DatabaseHealth.SizeBytes(database), DatabaseHealth.FreeDiskBytes(database)),
            new SchemaInfo(status.CurrentVersion, migrator.LatestVersion, status.IsCurrent, status.Problems, DriftCheck.Run(database, migrator)),
            DatabaseHealth.QuickCheck(database),
            now);
    }
}
