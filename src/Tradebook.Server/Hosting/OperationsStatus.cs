using Tradebook.Core;
using Tradebook.Server.Api;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Health;
using Tradebook.Storage.Migrations;
using Tradebook.Storage.Schema;

namespace Tradebook.Server.Hosting;

/// <summary>
/// The slower operational checks, however often the operations page asks. Schema, drift, size and free disk are
/// checked at most once a minute. The integrity check reads every page of a SQLite file (about 4 s at 200 MB, so
/// 40 s at 2 GB): it runs at most once per <see cref="IntegrityCostShare"/> times what it took last, and off the
/// request, which answers with the last result while a new one is worked out. Only the first request after the
/// server starts waits for one; a page left open costs the database a bounded share of its time.
/// </summary>
public sealed class OperationsStatus(TradebookDatabase database, TimeProvider time)
{
    /// <summary>The integrity check takes at most one fiftieth of the time (2%), and is never due sooner than a minute after the last.</summary>
    public const int IntegrityCostShare = 50;

    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private Checked? _last;
    private Integrity? _integrity;
    private DateTimeOffset _integrityDue;
    private Task? _checking;

    public sealed record Snapshot(DatabaseInfo Database, SchemaInfo Schema, IntegrityResult Integrity, DateTimeOffset IntegrityCheckedAt, DateTimeOffset CheckedAt);

    /// <summary>The checks made once a minute at most, and when.</summary>
    private sealed record Checked(DatabaseInfo Database, SchemaInfo Schema, DateTimeOffset At);

    /// <summary>An integrity result, when it was worked out and how long that took.</summary>
    private sealed record Integrity(IntegrityResult Result, DateTimeOffset At, TimeSpan Took);

    /// <summary>When the integrity check is due again after one that ended at <paramref name="at"/> and took <paramref name="took"/>.</summary>
    public static DateTimeOffset IntegrityDue(DateTimeOffset at, TimeSpan took) => at + TimeSpan.FromTicks(Math.Max(Minute.Ticks, took.Ticks * IntegrityCostShare));

    /// <summary>The last checks; a check that is due starts now, and the integrity check is awaited only if none ever ended.</summary>
    public Snapshot Current()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_integrity is null)
            {
                Keep(CheckIntegrity());
            }

            if (_last is null || now - _last.At > Minute)
            {
                _last = Check(now);
            }

            if (_checking is null && now >= _integrityDue)
            {
                _checking = Task.Run(CheckIntegrityAside);
            }

            return new Snapshot(_last.Database, _last.Schema, _integrity!.Result, _integrity.At, _last.At);
        }
    }

    /// <summary>Ends when the integrity check under way, if any, has ended.</summary>
    public Task Checking
    {
        get
        {
            lock (_gate)
            {
                return _checking ?? Task.CompletedTask;
            }
        }
    }

    private Integrity CheckIntegrity()
    {
        var started = time.GetTimestamp();
        var result = DatabaseHealth.QuickCheck(database);
        return new Integrity(result, time.GetUtcNow(), time.GetElapsedTime(started));
    }

    private void Keep(Integrity integrity)
    {
        _integrity = integrity;
        _integrityDue = IntegrityDue(integrity.At, integrity.Took);
    }

    private void CheckIntegrityAside()
    {
        Integrity? checkedNow = null;
        try
        {
            checkedNow = CheckIntegrity();
        }
        catch (Exception e) when (e is TradebookException or InvalidOperationException or System.Data.Common.DbException)
        {
            // A busy or vanished database: the last result stands, and the check is due again in a minute.
        }

        lock (_gate)
        {
            if (checkedNow is null)
            {
                _integrityDue = time.GetUtcNow() + Minute;
            }
            else
            {
                Keep(checkedNow);
            }

            _checking = null;
        }
    }

    private Checked Check(DateTimeOffset now)
    {
        var migrator = new Migrator(database);
        var status = migrator.Status();
        var target = database.Target;
        return new Checked(
            new DatabaseInfo(target.Display, target.Engine, target.Rule, DatabaseHealth.EngineVersion(database), DatabaseHealth.SizeBytes(database), DatabaseHealth.FreeDiskBytes(database)),
            new SchemaInfo(status.CurrentVersion, migrator.LatestVersion, status.IsCurrent, status.Problems, DriftCheck.Run(database, migrator)),
            now);
    }
}
