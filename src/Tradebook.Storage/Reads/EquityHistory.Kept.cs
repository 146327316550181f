using System.Data.Common;
using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Core.Metrics;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;

namespace Tradebook.Storage.Reads;

/// <summary>The history a bot's metrics and whole equity curve are made of, kept and taken further (<see cref="KeptPerformance"/>).</summary>
public sealed partial class EquityHistory
{
    /// <summary>
    /// The bot's history as its metrics need it, or null when there is no such bot. Given what an earlier call read
    /// (<paramref name="kept"/>), it reads only what was recorded since and returns that object, taken further: the
    /// equity readings after the last one it read, and the round trips of the products whose fills changed, from
    /// each one's last round trip taken. It reads the whole history again, into a new object, when that cannot be
    /// sure: a product was replayed (a late fill, a rollback: its round trips may change anywhere), one is gone, a
    /// reading is older than the last reading or capital flow, a capital flow is not after the last reading, or on
    /// PostgreSQL, where ids are not given in commit order, readings or flows were committed below the last id read.
    /// Every read is on one snapshot.
    /// </summary>
    public KeptPerformance? Performance(string bot, KeptPerformance? kept = null) =>
        database.Read(connection =>
        {
            if (Bots.Find(connection, null, bot) is not { Id: var botId })
            {
                return null;
            }

            var rollups = Rollups(connection, botId);
            return (kept is not null && kept.BotId == botId ? TakeFurther(connection, kept, rollups) : null) ?? ReadWhole(connection, botId, rollups);
        });

    /// <summary>
    /// Draws the whole history's equity curve at <paramref name="interval"/> into <paramref name="kept"/>, unless it
    /// holds it already: from the readings it took (those up to the last id it read), after which it is taken
    /// further with every reading, as the metrics are.
    /// </summary>
    public void DrawCurve(KeptPerformance kept, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(kept);
        if (kept.Curves.ContainsKey(interval))
        {
            return;
        }

        var curve = new EquityCurveBuilder(interval);
        database.Read(connection =>
        {
            var flows = Flows(connection, kept.BotId, kept.EquityCurrency, new FlowRange(UpTo: kept.LastCashFlowId));
            using var reader = RowReader.Open(
                connection, null, "SELECT ts, equity FROM equity_snapshots WHERE bot_id = @bot AND id <= @last ORDER BY ts, id", ("@bot", kept.BotId), ("@last", kept.LastSnapshotId));

            // Flows after the last reading wait in the curve, as they wait in the history, for the next one.
            CapitalAdjustment.InTimeOrder(ReadPoints(reader), p => p.At, flows, f => f.Flow.At, flow => curve.TryAddFlow(flow.Flow), curve.Add);
            return 0;
        });
        kept.Curves[interval] = curve;
    }

    /// <summary><paramref name="kept"/> with what was recorded since it was read, or null when the whole history must be read again.</summary>
    private KeptPerformance? TakeFurther(DbConnection connection, KeptPerformance kept, Dictionary<long, (long Replays, long Fills)> rollups)
    {
        if (kept.Products.Any(p => !rollups.TryGetValue(p.Key, out var now) || now.Replays != p.Value.Replays || now.Fills < p.Value.Fills))
        {
            return null;
        }

        var readings = Readings(connection, kept.BotId, kept.LastSnapshotId);
        var last = kept.History.Last?.At;
        foreach (var reading in readings)
        {
            if (reading.Point.At < last)
            {
                return null;
            }

            last = reading.Point.At;
        }

        // The newest reading names the equity's currency, which decides the flows that count: another one means reading again.
        if (readings.Count > 0 && readings[^1].Currency != kept.EquityCurrency)
        {
            return null;
        }

        // A flow is taken after the readings before it; one at or before the last reading taken comes too late, and so
        // does a reading before the last flow taken.
        var flows = Flows(connection, kept.BotId, kept.EquityCurrency, new FlowRange(After: kept.LastCashFlowId)).OrderBy(f => f.Flow.At).ThenBy(f => f.Id).ToList();
        if (flows.Any(f => f.Flow.At <= kept.History.Last?.At) || readings.Any(r => r.Point.At < kept.History.LastFlowAt))
        {
            return null;
        }

        if (database.Engine == SqlEngine.Postgres
            && (kept.Snapshots + readings.Count != SnapshotCount(connection, kept.BotId) || kept.CashFlows + flows.Count != Flows(connection, kept.BotId, kept.EquityCurrency, new FlowRange()).Count))
        {
            return null;
        }

        // Everything is read before anything is taken: a read that fails leaves the kept history as it was.
        var changed = rollups.Where(r => !kept.Products.TryGetValue(r.Key, out var product) || product.Fills != r.Value.Fills).ToList();
        var trips = changed.SelectMany(r => RoundTrips(connection, kept.BotId, r.Key, kept.Products.GetValueOrDefault(r.Key)?.After?.OpenedAt))
            .OrderBy(t => t.OpenedAt).ThenBy(t => t.Id).ToList();
        Take(kept, readings, flows);
        foreach (var (instrument, (replays, fills)) in changed)
        {
            var product = kept.Products.GetValueOrDefault(instrument) ?? (kept.Products[instrument] = new KeptProduct(replays));
            product.Fills = fills;
            product.OpenSince = null;
        }

        TakeRoundTrips(kept, trips);
        return kept;
    }

    private KeptPerformance ReadWhole(DbConnection connection, long botId, Dictionary<long, (long Replays, long Fills)> rollups)
    {
        var readings = Readings(connection, botId, after: null);
        var currency = readings.Count > 0 ? readings[^1].Currency : null;
        var kept = new KeptPerformance(botId) { EquityCurrency = currency };
        Take(kept, readings, Flows(connection, botId, currency, new FlowRange()));
        foreach (var (instrument, (replays, fills)) in rollups)
        {
            kept.Products[instrument] = new KeptProduct(replays) { Fills = fills };
        }

        TakeRoundTrips(kept, RoundTrips(connection, botId, instrument: null, from: null));
        return kept;
    }

    /// <summary>Takes readings and capital flows, each in time order, merged: a flow at a reading's time comes before it.</summary>
    private static void Take(KeptPerformance kept, List<StoredReading> readings, List<(long Id, CapitalFlow Flow)> flows)
    {
        // In time order: the whole history is read so, and what is read since was checked to follow it.
        CapitalAdjustment.InTimeOrder(readings, r => r.Point.At, flows, f => f.Flow.At, TakeFlow, TakeReading);
        kept.Snapshots += readings.Count;
        kept.CashFlows += flows.Count;

        void TakeFlow((long Id, CapitalFlow Flow) flow)
        {
            _ = kept.History.TryAddFlow(flow.Flow);
            foreach (var curve in kept.Curves.Values)
            {
                curve.TryAddFlow(flow.Flow);
            }

            kept.LastCashFlowId = Math.Max(kept.LastCashFlowId, flow.Id);
        }

        void TakeReading(StoredReading reading)
        {
            _ = kept.History.TryAdd(reading.Point);
            foreach (var curve in kept.Curves.Values)
            {
                curve.Add(reading.Point);
            }

            kept.LastSnapshotId = Math.Max(kept.LastSnapshotId, reading.Id);
        }
    }

    /// <summary>
    /// Takes the round trips read after each product's last one taken, given in order of opening across products
    /// (so that the time held grows at its end): each closed one, up to a product's first still open (a product has
    /// one at most, its newest); that one and any after it are read again next time.
    /// </summary>
    private static void TakeRoundTrips(KeptPerformance kept, List<StoredTrip> trips)
    {
        foreach (var trip in trips)
        {
            // A round trip of a product the rollups did not show when read (it got its first fill since) waits for the next read.
            if (!kept.Products.TryGetValue(trip.InstrumentId, out var product)
                || (product.After is { } after && (trip.OpenedAt < after.OpenedAt || (trip.OpenedAt == after.OpenedAt && trip.Id <= after.Id))))
            {
                continue;
            }

            if (product.OpenSince is not null || trip.ClosedAt is not { } closedAt)
            {
                product.OpenSince ??= trip.OpenedAt;
                continue;
            }

            kept.History.AddHeld(trip.OpenedAt, closedAt);
            if (trip.Closed)
            {
                kept.History.AddTrip(trip.RealizedPnl);
            }

            product.After = (trip.OpenedAt, trip.Id);
        }
    }

    private sealed record StoredTrip(long InstrumentId, long Id, bool Closed, decimal RealizedPnl, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt);

    /// <summary>Each product's fills and replays, as its rollup says: which products changed, and whether only by appending.</summary>
    private static Dictionary<long, (long Replays, long Fills)> Rollups(DbConnection connection, long botId)
    {
        using var reader = RowReader.Open(connection, null, "SELECT instrument_id, replays, fills FROM product_rollups WHERE bot_id = @bot", ("@bot", botId));
        var rollups = new Dictionary<long, (long, long)>();
        while (reader.Read())
        {
            rollups[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return rollups;
    }

    /// <summary>An equity reading as stored, with the currency it names.</summary>
    private readonly record struct StoredReading(long Id, EquityPoint Point, string? Currency);

    /// <summary>The bot's equity readings in time order, or those with an id above <paramref name="after"/> in id order.</summary>
    private List<StoredReading> Readings(DbConnection connection, long botId, long? after)
    {
        using var reader = after is { } last
            ? RowReader.Open(connection, null, """
                SELECT id, ts, equity, currency FROM equity_snapshots
                WHERE id > @after AND +bot_id = @bot -- by id alone: those after the last are few, the bot's are all it ever recorded
                ORDER BY id
                """, ("@bot", botId), ("@after", last))
            : RowReader.Open(connection, null, "SELECT id, ts, equity, currency FROM equity_snapshots WHERE bot_id = @bot ORDER BY ts, id", ("@bot", botId));
        var readings = new List<StoredReading>();
        while (reader.Read())
        {
            readings.Add(new StoredReading(reader.GetInt64(0), new EquityPoint(reader.GetTime(1), reader.GetDecimal(2)), reader.GetStringOrNull(3)));
        }

        return readings;
    }

    /// <summary>The (time, equity) rows of <paramref name="reader"/>, as they are stepped through.</summary>
    private static IEnumerable<EquityPoint> ReadPoints(RowReader reader)
    {
        while (reader.Read())
        {
            yield return new EquityPoint(reader.GetTime(0), reader.GetDecimal(1));
        }
    }

    /// <summary>Which of a bot's capital flows to read: those with an id above <c>After</c> or up to <c>UpTo</c>, at or after <c>From</c> and before <c>To</c>.</summary>
    private readonly record struct FlowRange(long? After = null, long? UpTo = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

    /// <summary>
    /// The bot's capital flows (<see cref="CapitalFlow"/>) in <paramref name="range"/>, in time order: its deposits,
    /// withdrawals and transfers not booked to a product (one booked to a product counts in its P&amp;L instead), in the
    /// <paramref name="currency"/> its equity is in, as its latest reading names it (any when null). A withdrawal is money out
    /// and a deposit money in whatever the sign they were recorded with; a transfer keeps its sign.
    /// </summary>
    private List<(long Id, CapitalFlow Flow)> Flows(DbConnection connection, long botId, string? currency, FlowRange range)
    {
        var parameters = new List<(string, object?)> { ("@bot", botId) };
        var conditions = new List<string>();
        void Add(string condition, string name, object? value)
        {
            if (value is not null)
            {
                conditions.Add(condition);
                parameters.Add((name, value is DateTimeOffset at ? database.Timestamp(at) : value));
            }
        }

        Add("c.id > @after", "@after", range.After);
        Add("c.id <= @up_to", "@up_to", range.UpTo);
        Add("c.ts >= @from", "@from", range.From);
        Add("c.ts < @to", "@to", range.To);
        Add("c.currency = @currency", "@currency", currency);
        using var reader = RowReader.Open(connection, null, $"""
            SELECT c.id, c.ts, c.kind, c.amount
            FROM cash_flows c
            WHERE {(range.After is null ? "c.bot_id = @bot" : "+c.bot_id = @bot -- by id alone: those after the last are few, the bot's funding may be many")}
              AND c.instrument_id IS NULL
              AND c.kind IN ('{CashFlowKind.Deposit.ToText()}', '{CashFlowKind.Withdrawal.ToText()}', '{CashFlowKind.Transfer.ToText()}')
              {string.Concat(conditions.Select(c => $"AND {c} "))}
            ORDER BY c.ts, c.id
            """, [.. parameters]);
        var flows = new List<(long, CapitalFlow)>();
        while (reader.Read())
        {
            var amount = reader.GetDecimal(3);
            var signed = EnumText.Parse<CashFlowKind>(reader.GetString(2)) switch
            {
                CashFlowKind.Deposit => Math.Abs(amount),
                CashFlowKind.Withdrawal => -Math.Abs(amount),
                _ => amount,
            };
            flows.Add((reader.GetInt64(0), new CapitalFlow(reader.GetTime(1), signed)));
        }

        return flows;
    }

    /// <summary>The capital flows of <paramref name="bot"/> at or after <paramref name="from"/> and before <paramref name="to"/>, for a range's curve.</summary>
    public IReadOnlyList<CapitalFlow> CapitalFlows(string bot, DateTimeOffset? from, DateTimeOffset? to) =>
        database.Read(connection => Bots.Find(connection, null, bot) is { Id: var botId }
            ? (IReadOnlyList<CapitalFlow>)[.. Flows(connection, botId, EquityCurrency(connection, botId), new FlowRange(From: from, To: to)).Select(f => f.Flow)]
            : []);

    /// <summary>The currency of the bot's equity, as its latest snapshot names it (null when it names none, or there is none).</summary>
    private static string? EquityCurrency(DbConnection connection, long botId)
    {
        using var command = connection.Command(null, "SELECT currency FROM equity_snapshots WHERE bot_id = @bot ORDER BY ts DESC, id DESC LIMIT 1");
        command.Add("@bot", botId);
        return command.ExecuteScalar() as string;
    }

    private static long SnapshotCount(DbConnection connection, long botId)
    {
        using var command = connection.Command(null, "SELECT count(*) FROM equity_snapshots WHERE bot_id = @bot");
        command.Add("@bot", botId);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The bot's round trips, or one product's (<paramref name="instrument"/>), opened at or after <paramref name="from"/>
    /// when it is given; in order of opening.
    /// </summary>
    private List<StoredTrip> RoundTrips(DbConnection connection, long botId, long? instrument, DateTimeOffset? from)
    {
        var parameters = new List<(string, object?)> { ("@bot", botId) };
        if (instrument is { } id)
        {
            parameters.Add(("@instrument", id));
        }

        if (from is { } at)
        {
            parameters.Add(("@from", database.Timestamp(at)));
        }

        using var reader = RowReader.Open(connection, null, $"""
            SELECT instrument_id, id, status, realized_pnl, opened_at, closed_at FROM positions
            WHERE bot_id = @bot {(instrument is null ? string.Empty : "AND instrument_id = @instrument")} {(from is null ? string.Empty : "AND opened_at >= @from")}
            ORDER BY opened_at, id
            """, [.. parameters]);
        var closedStatus = PositionStatus.Closed.ToText();
        var trips = new List<StoredTrip>();
        while (reader.Read())
        {
            trips.Add(new StoredTrip(
                reader.GetInt64(0), reader.GetInt64(1), reader.TextIs(2, closedStatus), reader.GetDecimal(3), reader.GetTime(4), reader.IsNull(5) ? null : reader.GetTime(5)));
        }

        return trips;
    }
}
