using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Freqtrade;
using Tradebook.Import.Writing;
using Tradebook.Storage.Ledger;

namespace Tradebook.Import.Tests.Writing;

public sealed class ImportWriterTests : IDisposable
{
    private const string Source = "jpiv__CryptoTradingRL__tradesv3.dryrun.sqlite";
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private static ImportSet Read() =>
        new FreqtradeReader().Read(Path.Combine(AppContext.BaseDirectory, "TestData", "real-dbs", Source), new ImportOptions());

    private ImportWriter Writer(TempStore store) => new(store.Database, TempStore.Clock);

    /// <summary>Fills of the source's bot and symbol, placed between its own fills in time, under ids of their own.</summary>
    private static ImportSet Extra(ImportSet original)
    {
        var extra = new ImportSet(new SourceInfo("extra", "test"));
        extra.Bots.Add(original.Bots[0]);
        var first = original.Fills.OrderBy(f => f.Timestamp).ToList();
        var model = first[first.Count / 2];
        extra.Fills.Add(model with { Id = "extra-1", Side = Side.Buy, Quantity = 0.01m, Price = 100m, Fee = 0.1m, Timestamp = model.Timestamp.AddSeconds(-1), OrderId = null });
        extra.Fills.Add(model with { Id = "extra-2", Side = Side.Sell, Quantity = 0.004m, Price = 120m, Fee = 0.05m, Timestamp = model.Timestamp.AddSeconds(1), OrderId = null });
        return extra;
    }

    [Fact]
    public void an_import_writes_bots_fills_and_a_done_batch_that_verifies()
    {
        var set = Read();

        var report = Writer(_store).Write(set);

        Assert.Equal(set.Fills.Count, _store.Scalar("SELECT COUNT(*) FROM fills"));
        Assert.Equal(set.Bots.Count, _store.Scalar("SELECT COUNT(*) FROM bots"));
        Assert.Equal(["done"], _store.Rows("SELECT status FROM import_batches"));
        Assert.Equal(set.Fills.Count, _store.Scalar($"SELECT COUNT(*) FROM fills WHERE import_batch_id = {report.BatchId}"));
        Assert.Equal(set.Fills.Count, report.Kinds["fills"].Inserted);
        Assert.True(report.Verification!.Ok, string.Join("; ", report.Verification.Problems));
        Assert.Contains("\"inserted\"", _store.Rows("SELECT report FROM import_batches").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void importing_the_same_source_again_inserts_nothing_and_verifies_as_existing()
    {
        var set = Read();
        Writer(_store).Write(set);
        var accounts = _store.Accounts();

        var again = Writer(_store).Write(Read());

        Assert.Equal(0, again.Kinds.Values.Sum(k => k.Inserted));
        Assert.Equal(set.Fills.Count, again.Kinds["fills"].Existing);
        Assert.True(again.Verification!.Ok);
        Assert.Equal(set.Fills.Count, again.Verification.Lines.Sum(l => l.Existing));
        Assert.Equal(accounts, _store.Accounts());
    }

    [Fact]
    public void rolling_back_a_later_batch_leaves_the_accounts_of_the_earlier_one_alone()
    {
        var set = Read();
        Writer(_store).Write(set);
        var extra = Writer(_store).Write(Extra(set));
        Assert.NotEqual(0, _store.Scalar($"SELECT COUNT(*) FROM fills WHERE import_batch_id = {extra.BatchId}"));

        var rollback = Writer(_store).Rollback(extra.BatchId!.Value);

        using var replay = new TempStore();
        Writer(replay).Write(Read());
        Assert.Equal(2, rollback.Deleted["fills"]);
        Assert.Equal(replay.Accounts(), _store.Accounts());
        Assert.Equal("rolled_back", _store.Rows($"SELECT status FROM import_batches WHERE id = {extra.BatchId}").Single());
    }

    [Fact]
    public void rolling_back_an_earlier_batch_replays_the_fills_that_remain()
    {
        var set = Read();
        var first = Writer(_store).Write(set);
        Writer(_store).Write(Extra(set));

        Writer(_store).Rollback(first.BatchId!.Value);

        using var replay = new TempStore();
        Writer(replay).Write(Extra(Read()));
        Assert.Equal(replay.Accounts(), _store.Accounts());
        Assert.Equal(0, _store.Scalar("SELECT COUNT(*) FROM orders"));
        Assert.Equal(2, _store.Scalar("SELECT COUNT(*) FROM fills"));
    }

    [Fact]
    public void rolling_back_an_order_a_later_fill_found_by_its_exchange_id_keeps_the_fill_waiting_for_it()
    {
        var set = new ImportSet(new SourceInfo("legacy.sqlite", "test"));
        set.Bots.Add(new BotSpec("legacy", BotMode.Live));
        set.Orders.Add(new OrderRecord("legacy", "o1", "BTC/USDT", Side.Buy, "limit", 2m, 100m, "filled", new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero), "X-1"));
        set.Fills.Add(new FillRecord("legacy", "f1", "BTC/USDT", Side.Buy, 1m, 100m, 0m, null, new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero), "o1"));
        var imported = Writer(_store).Write(set);
        new LedgerWriter(_store.Database, TempStore.Clock).Record(new LedgerBatch
        {
            Fills = [new FillRecord("legacy", "f2", "BTC/USDT", Side.Buy, 1m, 100m, 0m, null, new DateTimeOffset(2021, 3, 1, 10, 1, 0, TimeSpan.Zero), ExchangeOrderId: "X-1")],
        });
        Assert.Equal(["f2:o1"], _store.Rows("SELECT f.external_id || ':' || o.client_order_id FROM fills f JOIN orders o ON o.id = f.order_id WHERE f.import_batch_id IS NULL"));

        Writer(_store).Rollback(imported.BatchId!.Value);

        Assert.Equal(["f2:X-1:"], _store.Rows("SELECT external_id || ':' || exchange_order_id || ':' || COALESCE(order_id, '') FROM fills"));
        Assert.Equal(0, _store.Scalar("SELECT COUNT(*) FROM orders"));
    }

    [Fact]
    public void rolling_back_an_order_a_later_fill_named_by_the_bots_id_keeps_the_fill_waiting_for_its_exchange_id()
    {
        // Before, the rollback failed on the foreign key: only fills linked by the exchange's id were let go.
        var imported = Writer(_store).Write(LegacyOrder("X-1"));
        RecordSince(new FillRecord("legacy", "f2", "BTC/USDT", Side.Buy, 1m, 100m, 0m, null, At(10, 1), "o1"));

        Writer(_store).Rollback(imported.BatchId!.Value);

        Assert.Equal(["f2:X-1:"], _store.Rows("SELECT external_id || ':' || exchange_order_id || ':' || COALESCE(order_id, '') FROM fills"));
        Writer(_store).Write(LegacyOrder("X-1"));
        Assert.Equal(["f1:o1", "f2:o1"], _store.Rows("SELECT f.external_id || ':' || o.client_order_id FROM fills f JOIN orders o ON o.id = f.order_id ORDER BY f.external_id"));
    }

    [Fact]
    public void a_rollback_that_would_leave_a_later_row_naming_nothing_is_refused_and_changes_nothing()
    {
        var imported = Writer(_store).Write(LegacyOrder(exchangeOrderId: null));
        RecordSince(new FillRecord("legacy", "f2", "BTC/USDT", Side.Buy, 1m, 100m, 0m, null, At(10, 1), "o1"));
        var before = _store.Rows("SELECT external_id || ':' || COALESCE(order_id, '') || ':' || COALESCE(import_batch_id, '') FROM fills ORDER BY external_id");

        var refused = Assert.Throws<TradebookException>(() => Writer(_store).Rollback(imported.BatchId!.Value));

        Assert.Equal(ErrorCode.Conflict, refused.Code);
        Assert.Contains("fill 'f2' of bot 'legacy'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("order 'o1'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, _store.Rows("SELECT external_id || ':' || COALESCE(order_id, '') || ':' || COALESCE(import_batch_id, '') FROM fills ORDER BY external_id"));
        Assert.Equal(["done"], _store.Rows("SELECT status FROM import_batches"));
    }

    [Fact]
    public void a_rollback_of_a_decision_an_order_recorded_since_names_is_refused_before_any_backup_is_needed()
    {
        var set = new ImportSet(new SourceInfo("legacy.sqlite", "test"));
        set.Bots.Add(new BotSpec("legacy", BotMode.Live));
        set.Decisions.Add(new DecisionRecord("legacy", "d1", At(9, 0), "{}", "{\"action\": \"buy\"}"));
        var imported = Writer(_store).Write(set);
        new LedgerWriter(_store.Database, TempStore.Clock).Record(new LedgerBatch
        {
            Orders = [new OrderRecord("legacy", "o9", "BTC/USDT", Side.Buy, "limit", 1m, 100m, "new", At(10, 0), DecisionId: "d1")],
        });

        var refused = Assert.Throws<TradebookException>(() => new Storage.Imports.ImportRollback(_store.Database, TempStore.Clock).Check(imported.BatchId!.Value));

        Assert.Contains("order 'o9' of bot 'legacy'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("decision 'd1'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, _store.Scalar("SELECT COUNT(*) FROM decisions"));
    }

    [Fact]
    public void a_rollback_of_a_signal_a_decision_recorded_since_cites_is_refused_and_keeps_the_citation()
    {
        // Before, the rollback deleted the citation with the signal, and the later decision lost it without a word.
        var set = new ImportSet(new SourceInfo("legacy.sqlite", "test"));
        set.Bots.Add(new BotSpec("legacy", BotMode.Live));
        set.Signals.Add(new SignalRecord("legacy", "s1", "BTC/USDT", At(9, 0), "long"));
        var imported = Writer(_store).Write(set);
        new LedgerWriter(_store.Database, TempStore.Clock).Record(new LedgerBatch
        {
            Decisions = [new DecisionRecord("legacy", "d9", At(10, 0), "{}", "{\"action\": \"buy\"}", SignalIds: ["s1"])],
        });

        var refused = Assert.Throws<TradebookException>(() => Writer(_store).Rollback(imported.BatchId!.Value));

        Assert.Contains("decision 'd9' of bot 'legacy', recorded since, names its signal 's1'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, _store.Scalar("SELECT COUNT(*) FROM decision_signals"));
        Assert.Equal(["done"], _store.Rows("SELECT status FROM import_batches"));
    }

    [Fact]
    public void a_rollback_of_an_order_the_bot_changed_since_is_refused_and_keeps_the_change()
    {
        // Before, the rollback deleted the order, and importing the batch again brought it back open: the fill was lost.
        var imported = Writer(_store).Write(OpenOrder());
        new LedgerWriter(_store.Database, TempStore.Clock).Record(new LedgerBatch { Orders = [OpenOrder().Orders[0] with { Status = "filled" }] });

        var refused = Assert.Throws<TradebookException>(() => Writer(_store).Rollback(imported.BatchId!.Value));

        Assert.Equal(ErrorCode.Conflict, refused.Code);
        Assert.Contains("its order 'o1' of bot 'legacy' was changed since by the bot (its status is now 'filled')", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["o1:filled"], _store.Rows("SELECT client_order_id || ':' || status FROM orders"));
        Assert.Equal(["done"], _store.Rows("SELECT status FROM import_batches"));
    }

    [Fact]
    public void a_rollback_of_an_order_another_import_changed_since_is_refused_but_one_the_batch_left_as_it_was_goes()
    {
        var first = Writer(_store).Write(OpenOrder());
        var same = Writer(_store).Write(OpenOrder());
        var changed = OpenOrder();
        changed.Orders[0] = changed.Orders[0] with { Status = "canceled" };

        // Imported again as it was, the order is not changed: its first batch can still be rolled back.
        Assert.Equal(0, _store.Scalar("SELECT COUNT(*) FROM orders WHERE changed_at IS NOT NULL"));
        var later = Writer(_store).Write(changed);

        var refused = Assert.Throws<TradebookException>(() => new Storage.Imports.ImportRollback(_store.Database, TempStore.Clock).Check(first.BatchId!.Value));
        Assert.Contains($"was changed since by import batch {later.BatchId}", refused.Message, StringComparison.Ordinal);
        Assert.NotEqual(first.BatchId, same.BatchId);
    }

    /// <summary>An import of one order still open on the exchange.</summary>
    private static ImportSet OpenOrder()
    {
        var set = new ImportSet(new SourceInfo("legacy.sqlite", "test"));
        set.Bots.Add(new BotSpec("legacy", BotMode.Live));
        set.Orders.Add(new OrderRecord("legacy", "o1", "BTC/USDT", Side.Buy, "limit", 2m, 100m, "new", At(10, 0), "X-1"));
        return set;
    }

    private static DateTimeOffset At(int hour, int minute) => new(2021, 3, 1, hour, minute, 0, TimeSpan.Zero);

    /// <summary>An import of a bot's order and the fill that executes it.</summary>
    private static ImportSet LegacyOrder(string? exchangeOrderId)
    {
        var set = new ImportSet(new SourceInfo("legacy.sqlite", "test"));
        set.Bots.Add(new BotSpec("legacy", BotMode.Live));
        set.Orders.Add(new OrderRecord("legacy", "o1", "BTC/USDT", Side.Buy, "limit", 2m, 100m, "filled", At(10, 0), exchangeOrderId));
        set.Fills.Add(new FillRecord("legacy", "f1", "BTC/USDT", Side.Buy, 1m, 100m, 0m, null, At(10, 0), "o1"));
        return set;
    }

    /// <summary>Rows the bot recorded after the import, through the ledger.</summary>
    private void RecordSince(params FillRecord[] fills) =>
        new LedgerWriter(_store.Database, TempStore.Clock).Record(new LedgerBatch { Fills = fills });

    [Fact]
    public void a_rolled_back_batch_cannot_be_rolled_back_twice()
    {
        var report = Writer(_store).Write(Read());
        Writer(_store).Rollback(report.BatchId!.Value);

        var error = Assert.Throws<TradebookException>(() => Writer(_store).Rollback(report.BatchId!.Value));

        Assert.Contains("already rolled back", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void an_import_that_conflicts_midway_leaves_the_store_exactly_as_before()
    {
        var set = Read();
        Writer(_store).Write(set);
        var before = _store.Fingerprint();
        var accounts = _store.Accounts();
        var conflicting = Extra(set);
        var stored = set.Fills.OrderBy(f => f.Timestamp).Last();
        conflicting.Fills.Add(stored with { Price = stored.Price + 1 });

        var error = Assert.Throws<TradebookException>(() => Writer(_store).Write(conflicting));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Equal(before, _store.Fingerprint());
        Assert.Equal(accounts, _store.Accounts());
    }

    [Fact]
    public void a_bot_that_exists_in_another_mode_is_refused()
    {
        var set = Read();
        Writer(_store).Write(set);
        var other = new ImportSet(new SourceInfo("other", "test"));
        other.Bots.Add(set.Bots[0] with { Mode = set.Bots[0].Mode == BotMode.Live ? BotMode.Paper : BotMode.Live });
        var before = _store.Fingerprint();

        Assert.Throws<TradebookException>(() => Writer(_store).Write(other));

        Assert.Equal(before, _store.Fingerprint());
    }

    [Fact]
    public void a_preview_counts_what_would_be_read_and_writes_nothing()
    {
        var set = Read();
        var before = _store.Fingerprint();

        var preview = ImportWriter.Preview(set);

        Assert.True(preview.DryRun);
        Assert.Equal(set.Fills.Count, preview.Kinds["fills"].Read);
        Assert.Equal(set.Fills.Count, preview.Bots.Sum(b => b.Fills));
        Assert.Equal(before, _store.Fingerprint());
    }
}
