using Tradebook.Core.Domain;
using Tradebook.Import.Writing;

namespace Tradebook.Import.Tests.Writing;

/// <summary>Rolling an import back puts every setting it wrote back as it was, unless something wrote it since.</summary>
public sealed class SettingRollbackTests : IDisposable
{
    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private ImportWriter Writer() => new(_store.Database, TempStore.Clock);

    private long Import(params (string Key, string Value)[] settings)
    {
        var set = new ImportSet(new SourceInfo("settings", "test"));
        set.Settings.AddRange(settings.Select(s => new Setting("alpha", s.Key, s.Value)));
        return Writer().Write(set).BatchId!.Value;
    }

    /// <summary>A write outside any import, as a bot recording its own settings makes.</summary>
    private void RecordedByTheBot(string key, string value) =>
        new Storage.Ledger.LedgerWriter(_store.Database, TempStore.Clock).Record(new Storage.Ledger.LedgerBatch { Settings = [new Setting("alpha", key, value)] });

    /// <summary>DOGE/USDT's open quantity, dust and round trips.</summary>
    private (decimal Quantity, decimal Dust, decimal Trades) Doge()
    {
        var values = Assert.Single(_store.Rows("SELECT quantity, dust, trades FROM product_rollups")).Split('|')
            .Select(v => decimal.Parse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (values[0], values[1], values[2]);
    }

    private List<string> Settings() => _store.Rows("SELECT key, value, COALESCE(CAST(import_batch_id AS TEXT), '-') FROM settings ORDER BY key");

    [Fact]
    public void a_setting_the_import_replaced_gets_its_value_and_time_back_and_one_it_created_goes()
    {
        RecordedByTheBot("risk", "1%");
        var before = _store.Rows("SELECT key, value, updated_at, import_batch_id FROM settings");
        var batch = Import(("risk", "5%"), ("leverage", "3"), ("risk", "7%"));
        Assert.Equal(["leverage|3|" + batch, "risk|7%|" + batch], Settings());

        var rollback = Writer().Rollback(batch);

        Assert.Equal(before, _store.Rows("SELECT key, value, updated_at, import_batch_id FROM settings"));
        Assert.Equal(1, rollback.SettingsRestored);
        Assert.Equal(1, rollback.Deleted["settings"]);
    }

    [Fact]
    public void rolling_back_an_amount_step_derives_the_product_it_decided_again_though_the_import_wrote_none_of_its_fills()
    {
        new Storage.Ledger.LedgerWriter(_store.Database, TempStore.Clock).AddBot(new BotSpec("alpha", BotMode.Paper));
        var batch = Import(("amount_step:DOGE/USDT", "1"));

        // The bot's own round trip leaves 0.9 DOGE, less than the step: dust, and the round trip closed.
        new Storage.Ledger.LedgerWriter(_store.Database, TempStore.Clock).Record(new Storage.Ledger.LedgerBatch
        {
            Fills =
            [
                new FillRecord("alpha", "b", "DOGE/USDT", Side.Buy, 99.9m, 10m, 0m, null, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)),
                new FillRecord("alpha", "s", "DOGE/USDT", Side.Sell, 99m, 11m, 0m, null, new DateTimeOffset(2024, 1, 1, 1, 0, 0, TimeSpan.Zero)),
            ],
        });
        Assert.Equal((0m, 0.9m, 1m), Doge());

        Writer().Rollback(batch);

        // Without the step the default threshold decides: the 0.9 is an open position again.
        Assert.Equal((0.9m, 0m, 0m), Doge());
        Assert.Equal(1, _store.Scalar("SELECT COUNT(*) FROM positions WHERE status = 'open'"));
    }

    [Fact]
    public void a_setting_written_again_after_the_import_keeps_the_later_value()
    {
        RecordedByTheBot("risk", "1%");
        var batch = Import(("risk", "5%"));
        RecordedByTheBot("risk", "2%");

        Writer().Rollback(batch);

        Assert.Equal(["risk|2%|-"], Settings());
    }

    [Fact]
    public void two_imports_rolled_back_newest_first_restore_each_value_in_turn()
    {
        RecordedByTheBot("risk", "1%");
        var first = Import(("risk", "5%"));
        var second = Import(("risk", "9%"));

        Writer().Rollback(second);
        Assert.Equal(["risk|5%|" + first], Settings());

        Writer().Rollback(first);
        Assert.Equal(["risk|1%|-"], Settings());
    }

    [Fact]
    public void two_imports_rolled_back_oldest_first_end_with_the_value_neither_wrote()
    {
        var first = Import(("risk", "5%"));
        RecordedByTheBot("risk", "1%");
        var second = Import(("risk", "9%"), ("leverage", "2"));
        var third = Import(("leverage", "4"));

        // The second's value is newer than the first's write: rolling the first back leaves it.
        Writer().Rollback(first);
        Assert.Equal(["leverage|4|" + third, "risk|9%|" + second], Settings());

        // The third replaced the second's leverage; with the second rolled back, the third's rollback goes past it.
        Writer().Rollback(second);
        Writer().Rollback(third);
        Assert.Equal(["risk|1%|-"], Settings());
    }
}
