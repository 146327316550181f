using System.Data.Common;
using System.Runtime.CompilerServices;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Writes one <see cref="LedgerBatch"/> inside a caller's transaction. Natural keys make every write
/// idempotent: a row already recorded with the same values is reported as existing and changes
/// nothing; the same key with other values throws <see cref="ErrorCode.Conflict"/> and the caller's
/// transaction rolls back. Fills and cash flows are applied in time order; one older than what its
/// product holds makes the product replay (see LedgerSession.Replay.cs). Positions and rollups are kept
/// in memory for the batch and written once at its end, in the same transaction, so their cost follows
/// what changed, not what exists.
/// </summary>
internal sealed partial class LedgerSession(TradebookDatabase database, DbConnection connection, DbTransaction transaction, DateTimeOffset now, long? importBatchId) : IDisposable
{
    private readonly Dictionary<string, BotRow> _bots = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Id, Symbol Symbol)> _instruments = new(StringComparer.Ordinal);
    private readonly Dictionary<(long Bot, long Instrument), ProductState> _products = [];
    private readonly Dictionary<string, KindCounter> _counts = new(StringComparer.Ordinal);
    private readonly object _recordedAt = database.Timestamp(now);
    private readonly List<RowStatement> _prepared = [];

    /// <summary>
    /// The import batch and recording time, as SQL literals for the hot prepared statements. Both are the
    /// session's own values, never user input.
    /// </summary>
    private readonly string _sessionConstants =
        $"{importBatchId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL"}, {TradebookDatabase.TimestampLiteral(now)}";

    public RecordSummary Record(LedgerBatch batch)
    {
        RecordSignals(batch.Signals);
        RecordDecisions(batch.Decisions);
        RecordOrders(batch.Orders);
        RecordTimeline(batch.Fills, batch.CashFlows);
        RecordSnapshots(batch.Snapshots);
        RecordPriceBars(batch.PriceBars);
        RecordFxRates(batch.FxRates);
        RecordSettings(batch.Settings);
        ReplayLateProducts();
        Flush();
        return Summary;
    }

    /// <summary>What the session recorded so far, over every batch.</summary>
    public RecordSummary Summary =>
        new(_counts.ToDictionary(c => c.Key, c => new KindCount(c.Value.Inserted, c.Value.Existing, c.Value.Updated), StringComparer.Ordinal));

    public void Dispose()
    {
        foreach (var statement in _prepared)
        {
            statement.Dispose();
        }
    }

    /// <summary>A statement prepared once per session and run for many rows; parameters are set by position.</summary>
    private RowStatement Prepared(string sql, params string[] parameters)
    {
        var statement = RowStatement.Prepare(connection, transaction, sql, parameters);
        _prepared.Add(statement);
        return statement;
    }

    /// <summary>Counts rows per kind, in counters changed in place: it runs for every row.</summary>
    private void Count(string kind, int inserted = 0, int existing = 0, int updated = 0)
    {
        if (!_counts.TryGetValue(kind, out var counter))
        {
            counter = new KindCounter();
            _counts[kind] = counter;
        }

        counter.Inserted += inserted;
        counter.Existing += existing;
        counter.Updated += updated;
    }

    private BotRow Bot(string name)
    {
        if (_bots.TryGetValue(name, out var bot))
        {
            return bot;
        }

        bot = Bots.Find(connection, transaction, name)
            ?? throw new TradebookException(ErrorCode.UnknownBot, $"unknown bot '{name}'; add it first with `tradebook bots add \"{name}\" --mode paper` (or live, backtest, test)");
        _bots[name] = bot;
        return bot;
    }

    private (long Id, Symbol Symbol) Instrument(string symbolText)
    {
        if (_instruments.TryGetValue(symbolText, out var known))
        {
            return known;
        }

        var symbol = Symbol.Parse(symbolText);
        using (var insert = connection.Command(transaction, """
            INSERT INTO instruments (symbol, base, quote, kind) VALUES (@symbol, @base, @quote, @kind)
            ON CONFLICT (symbol) DO NOTHING
            """))
        {
            insert.Add("@symbol", symbol.Text);
            insert.Add("@base", symbol.Base);
            insert.Add("@quote", symbol.Quote);
            insert.Add("@kind", symbol.Kind.ToText());
            insert.ExecuteNonQuery();
        }

        using var find = connection.Command(transaction, "SELECT id, base, quote, kind FROM instruments WHERE symbol = @symbol");
        find.Add("@symbol", symbol.Text);
        using var reader = find.ExecuteReader();
        reader.Read();
        known = (reader.GetInt64(0), new Symbol(symbol.Text, reader.GetString(1), reader.GetString(2), EnumText.Parse<InstrumentKind>(reader.GetString(3))));
        _instruments[symbolText] = known;
        return known;
    }

    private long? OptionalInstrument(string? symbol) => string.IsNullOrWhiteSpace(symbol) ? null : Instrument(symbol).Id;

    private static void Require(bool condition, [InterpolatedStringHandlerArgument(nameof(condition))] ref RequirementMessage message)
    {
        if (!condition)
        {
            throw new TradebookException(ErrorCode.InvalidInput, message.ToStringAndClear());
        }
    }

    private static TradebookException Conflict(string what, IEnumerable<string> differences) =>
        new(ErrorCode.Conflict, $"{what} is already recorded with different values ({string.Join("; ", differences)}); nothing was written. Record corrections under a new id.");

    private static IEnumerable<string> Diff<T>(string field, T stored, T incoming)
    {
        if (!EqualityComparer<T>.Default.Equals(stored, incoming))
        {
            yield return $"{field}: stored {stored?.ToString() ?? "null"}, given {incoming?.ToString() ?? "null"}";
        }
    }

    private void AddProvenance(DbCommand command, Provenance? provenance)
    {
        command.Add("@source", provenance?.Source);
        command.Add("@source_ref", provenance?.SourceRef);
        command.Add("@bot_version", provenance?.BotVersion);
        command.Add("@strategy_version", provenance?.StrategyVersion);
        command.Add("@import_batch_id", importBatchId);
        command.Add("@recorded_at", _recordedAt);
    }

    private const string ProvenanceColumns = "source, source_ref, bot_version, strategy_version, import_batch_id, recorded_at";
    private const string ProvenanceValues = "@source, @source_ref, @bot_version, @strategy_version, @import_batch_id, @recorded_at";

    private sealed class KindCounter
    {
        public int Inserted { get; set; }

        public int Existing { get; set; }

        public int Updated { get; set; }
    }
}
