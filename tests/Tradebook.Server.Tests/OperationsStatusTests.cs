using Tradebook.Server.Hosting;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>
/// The integrity check reads every page of a SQLite file: it runs at most once per fifty times what it took, and a
/// request that finds it due is answered at once with the last result while a new one is worked out aside.
/// </summary>
public sealed class OperationsStatusTests
{
    [Fact]
    public void the_integrity_check_is_due_again_after_fifty_times_what_it_took_and_not_within_a_minute()
    {
        var at = TestDatabase.Now;

        Assert.Equal(at.AddMinutes(1), OperationsStatus.IntegrityDue(at, TimeSpan.FromMilliseconds(40)));
        Assert.Equal(at.AddSeconds(200), OperationsStatus.IntegrityDue(at, TimeSpan.FromSeconds(4)));
        Assert.Equal(at.AddSeconds(2_000), OperationsStatus.IntegrityDue(at, TimeSpan.FromSeconds(40)));
    }

    [Fact]
    public async Task a_due_integrity_check_runs_aside_and_the_request_is_answered_with_the_last_result()
    {
        using var db = StorageEngine.Sqlite.CreateDatabase().Migrated();
        var status = new OperationsStatus(db.Database, db.Clock);

        var first = status.Current();
        db.Clock.Advance(TimeSpan.FromSeconds(30));
        var notDue = status.Current();
        var checkingBeforeDue = status.Checking.IsCompleted;
        db.Clock.Advance(TimeSpan.FromSeconds(31));
        var due = status.Current();
        await status.Checking;
        var after = status.Current();

        Assert.True(first.Integrity is { Checked: true, Ok: true });
        Assert.Equal(TestDatabase.Now, first.IntegrityCheckedAt);
        Assert.Equal(TestDatabase.Now, notDue.IntegrityCheckedAt);
        Assert.True(checkingBeforeDue);
        Assert.Equal(TestDatabase.Now, due.IntegrityCheckedAt);
        Assert.Equal(TestDatabase.Now.AddSeconds(61), after.IntegrityCheckedAt);
        Assert.True(after.Integrity.Ok);
    }
}
