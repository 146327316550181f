using Dapper;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Tests.Infrastructure;
using static Tradebook.Storage.Tests.Infrastructure.Records;

namespace Tradebook.Storage.Tests.Access;

public sealed class SqliteScopedWriteTests() : ScopedWriteTests(StorageEngine.Sqlite);

public sealed class PostgresScopedWriteTests() : ScopedWriteTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// A caller's scope is applied where the ledger and a bot's lifecycle resolve a bot's name: a user
/// writes only to that user's bots, and another user's bot is, to that user, a bot that does not exist.
/// </summary>
public abstract class ScopedWriteTests(StorageEngine engine) : StorageTest(engine)
{
    private static readonly CallerScope Ann = new("ann");

    [StorageFact]
    public void a_user_records_to_their_own_bots_and_to_no_one_elses()
    {
        var ledger = Owned();

        var own = Write(ledger, Fills(Buy("ann-bot", "a1", 1m, 100m)), Ann);
        var other = Assert.Throws<TradebookException>(() => Write(ledger, Fills(Buy("ann-bot", "a2", 1m, 100m), Buy("bob-bot", "b2", 1m, 100m)), Ann));
        var owner = Write(ledger, Fills(Buy("bob-bot", "b3", 1m, 100m)), CallerScope.LocalOwner);

        Assert.Equal(1, own["fills"].Inserted);
        Assert.Equal(ErrorCode.UnknownBot, other.Code);
        Assert.Equal(1, owner["fills"].Inserted);
        Assert.Equal(["a1", "b1", "b3"], Db.Query(c => c.Query<string>("SELECT external_id FROM fills ORDER BY external_id")));
    }

    [StorageFact]
    public void a_user_cannot_tell_another_users_bot_from_a_missing_one()
    {
        var ledger = Owned();

        var seen = ledger.Database.InTransaction((connection, transaction) =>
        {
            using var recorder = ledger.Open(connection, transaction);
            return (Own: recorder.HasBot("ann-bot", Ann), Other: recorder.HasBot("bob-bot", Ann), Owner: recorder.HasBot("bob-bot"));
        });

        Assert.Equal((true, false, true), seen);
    }

    [StorageFact]
    public void a_user_changes_settings_of_their_own_bots_only()
    {
        var ledger = Owned();

        Write(ledger, new LedgerBatch { Settings = [new Setting("ann-bot", "risk", "low")] }, Ann);
        var global = Assert.Throws<TradebookException>(() => Write(ledger, new LedgerBatch { Settings = [new Setting("global", "risk", "high")] }, Ann));
        var others = Assert.Throws<TradebookException>(() => Write(ledger, new LedgerBatch { Settings = [new Setting("bob-bot", "risk", "high")] }, Ann));

        Assert.Equal(ErrorCode.UnknownBot, global.Code);
        Assert.Equal(ErrorCode.UnknownBot, others.Code);
        Assert.Equal(1, Db.Count("settings"));
    }

    [StorageFact]
    public void a_user_pauses_archives_and_updates_their_own_bots_only()
    {
        var ledger = Owned();
        var now = TestDatabase.Now;

        ledger.Database.InTransaction((c, t) => BotLifecycle.SetPaused(c, t, ledger.Database, Ann, "ann-bot", true, now));
        var refused = new Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Storage.Changes.Change>[]
        {
            (c, t) => BotLifecycle.SetPaused(c, t, ledger.Database, Ann, "bob-bot", true, now),
            (c, t) => BotLifecycle.Archive(c, t, ledger.Database, Ann, "bob-bot", now),
            (c, t) => BotLifecycle.Update(c, t, ledger.Database, Ann, "bob-bot", new BotUpdate("v2", null), now),
            (c, t) => BotLifecycle.Beat(c, t, ledger.Database, Ann, "bob-bot", new Heartbeat("ok", null, null), now),
        }.Select(change => Assert.Throws<TradebookException>(() => ledger.Database.InTransaction(change)).Code);

        Assert.All(refused, code => Assert.Equal(ErrorCode.UnknownBot, code));
        Assert.Equal(1, Db.Count("bots", "WHERE paused_at IS NOT NULL"));
        Assert.Equal(0, Db.Count("bots", "WHERE archived_at IS NOT NULL OR strategy_version IS NOT NULL"));
        Assert.Equal(0, Db.Count("bot_activity", "WHERE last_heartbeat_at IS NOT NULL"));
    }

    [StorageFact]
    public void a_user_cannot_add_a_bot_under_a_name_another_user_holds()
    {
        var ledger = Owned();

        var taken = Assert.Throws<TradebookException>(() => ledger.AddBot(new BotSpec("bob-bot", BotMode.Paper, User: "ann")));
        var again = ledger.AddBot(new BotSpec("ann-bot", BotMode.Paper, User: "ann"));

        Assert.Equal(ErrorCode.Conflict, taken.Code);
        Assert.False(again.Inserted);
        Assert.Equal("ann", again.Bot.Owner);
    }

    /// <summary>ann-bot belongs to ann, bob-bot to bob, who has recorded one fill.</summary>
    private LedgerWriter Owned()
    {
        Db.Migrated();
        var ledger = Db.Ledger();
        ledger.AddBot(new BotSpec("ann-bot", BotMode.Paper, User: "ann"));
        ledger.AddBot(new BotSpec("bob-bot", BotMode.Paper, User: "bob"));
        ledger.Record(Fills(Buy("bob-bot", "b1", 1m, 100m)));
        return ledger;
    }

    private static RecordSummary Write(LedgerWriter ledger, LedgerBatch batch, CallerScope scope) =>
        ledger.Database.InTransaction((connection, transaction) =>
        {
            using var recorder = ledger.Open(connection, transaction);
            recorder.Record(batch, scope);
            return recorder.Summary;
        });
}
