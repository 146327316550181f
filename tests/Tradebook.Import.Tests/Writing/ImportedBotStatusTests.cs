using Tradebook.Core.Bots;
using Tradebook.Core.Domain;
using Tradebook.Import.Sources;
using Tradebook.Import.Writing;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;

namespace Tradebook.Import.Tests.Writing;

/// <summary>
/// A bot whose history an import brought in is not seen running by it: a freqtrade database of 2021, imported, showed
/// its bot as running on every screen until the stale time passed. Its own writes and heartbeats still are.
/// </summary>
public sealed class ImportedBotStatusTests : IDisposable
{
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public void an_imported_bot_is_stale_until_it_writes_itself()
    {
        var set = new ImportSet(new SourceInfo("legacy.sqlite", "test"));
        set.Bots.Add(new BotSpec("legacy", BotMode.Live));
        set.Fills.Add(new FillRecord("legacy", "f1", "BTC/USDT", Side.Buy, 1m, 100m, 0m, null, new DateTimeOffset(2021, 3, 1, 10, 0, 0, TimeSpan.Zero)));
        new ImportWriter(_store.Database, TempStore.Clock).Write(set);

        var imported = Bot();
        Assert.Equal(BotStatus.Stale, imported.Status);
        Assert.Null(imported.LastActivityAt);

        new LedgerWriter(_store.Database, TempStore.Clock).Record(new LedgerBatch
        {
            Fills = [new FillRecord("legacy", "f2", "BTC/USDT", Side.Sell, 1m, 110m, 0m, null, DateTimeOffset.UtcNow)],
        });

        var writing = Bot();
        Assert.Equal(BotStatus.Running, writing.Status);
        Assert.NotNull(writing.LastActivityAt);
    }

    [Fact]
    public void an_imported_backtest_is_finished_not_a_bot_that_stopped()
    {
        var set = new Tradebook.Import.Sources.Freqtrade.FreqtradeBacktestReader().Read(Tradebook.Import.Tests.Freqtrade.BacktestResults.Write(_store.Folder), new ImportOptions());
        new ImportWriter(_store.Database, TempStore.Clock).Write(set);

        var bots = new BotDirectory(_store.Database, TempStore.Clock, TimeSpan.FromMinutes(5)).List(CallerScope.LocalOwner, new BotListQuery());

        Assert.Equal(2, bots.Count);
        Assert.All(bots, b => Assert.Equal(BotStatus.Finished, b.Status));
        Assert.All(bots, b => Assert.DoesNotContain(b.Warnings, w => w.Contains("never seen", StringComparison.Ordinal)));
    }

    private BotSummary Bot() =>
        Assert.Single(new BotDirectory(_store.Database, TempStore.Clock, TimeSpan.FromMinutes(5)).List(CallerScope.LocalOwner, new BotListQuery()));
}
