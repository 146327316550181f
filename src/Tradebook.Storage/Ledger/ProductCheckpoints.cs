using System.Globalization;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// Saves, finds and drops the checkpoints of products' books (<c>product_checkpoints</c>), so that a late
/// fill or cash flow is replayed from the latest checkpoint before it rather than from the product's first
/// fill. One is saved before a fill once <see cref="Interval"/> fills have been applied since the last, at a
/// time boundary: it holds everything before that fill's time. A recording in time order saves them as it
/// goes, a replay as it passes; the ones a late row makes wrong are deleted before the replay.
/// </summary>
internal sealed class ProductCheckpoints(WriteContext context, int interval)
{
    /// <summary>
    /// Fills between two checkpoints of a product, by default. A replay reads at most this many fills before the
    /// late row; a checkpoint costs one row per this many fills (about 0.1% of the fills' own writes). The
    /// saving stops mattering below a thousand: then the fills after the late row, which have to be written
    /// again, are most of the cost.
    /// </summary>
    public const int DefaultInterval = 1_000;

    public int Interval { get; } = interval > 0 ? interval : throw new ArgumentOutOfRangeException(nameof(interval), interval, "A checkpoint interval must be positive.");

    /// <summary>Saves a checkpoint of <paramref name="product"/> before it takes a fill at <paramref name="at"/>, when one is due.</summary>
    public void BeforeFill(SessionProduct product, DateTimeOffset at)
    {
        if (!product.CheckpointDue(at, Interval))
        {
            return;
        }

        // The stored day and fees are what earlier flushes wrote (nothing, for those a replay cleared); the
        // session adds what it has not flushed yet.
        var day = DayTotals.DayOf(at);
        var daySoFar = StoredDay(product, day).Plus(product.Days.GetValueOrDefault(day));
        var fees = StoredUnconvertedFees(product);
        foreach (var (currency, amount) in product.UnconvertedFees)
        {
            fees[currency] = fees.GetValueOrDefault(currency) + amount;
        }

        Save(product.BotId, product.InstrumentId, new ProductCheckpoint(UniqueRows.Micro(at), product.Book, product.OpenPositionId, product.LastFillAt, daySoFar, fees));
        product.CheckpointSaved();
    }

    /// <summary>
    /// The latest checkpoint at or before <paramref name="atOrBefore"/> that can be trusted under the product's
    /// cost method and dust threshold; null when there is none, and the replay starts from the first fill.
    /// </summary>
    public ProductCheckpoint? LatestUsable(long botId, long instrumentId, DateTimeOffset atOrBefore, CostBasisMethod method, decimal dustThreshold)
    {
        using var command = context.Command("""
            SELECT ts, fills, open_position_id, state, checksum
            FROM product_checkpoints
            WHERE bot_id = @bot AND instrument_id = @instrument AND ts <= @at
            ORDER BY ts DESC
            """);
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        command.Add("@at", context.Database.Timestamp(atOrBefore));
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var checkpoint = ProductCheckpoint.Read(
                StoredTime.Read(reader.GetValue(0)), reader.GetInt32(1), reader.GetInt64OrNull(2), reader.GetString(3), reader.GetString(4), method, dustThreshold);
            if (checkpoint is not null)
            {
                return checkpoint;
            }
        }

        return null;
    }

    /// <summary>Deletes the product's checkpoints later than <paramref name="after"/>, or all of them when it is null.</summary>
    public void DeleteAfter(long botId, long instrumentId, DateTimeOffset? after)
    {
        using var command = context.Command(after is null
            ? "DELETE FROM product_checkpoints WHERE bot_id = @bot AND instrument_id = @instrument"
            : "DELETE FROM product_checkpoints WHERE bot_id = @bot AND instrument_id = @instrument AND ts > @after");
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        if (after is { } time)
        {
            command.Add("@after", context.Database.Timestamp(time));
        }

        command.ExecuteNonQuery();
    }

    // Once per thousand fills or so: a plain command, not a prepared statement.
    private void Save(long botId, long instrumentId, ProductCheckpoint checkpoint)
    {
        using var command = context.Command("""
            INSERT INTO product_checkpoints (bot_id, instrument_id, ts, fills, open_position_id, state, checksum)
            VALUES (@bot, @instrument, @ts, @fills, @open_position_id, @state, @checksum)
            ON CONFLICT (bot_id, instrument_id, ts) DO UPDATE SET
                fills = excluded.fills, open_position_id = excluded.open_position_id,
                state = excluded.state, checksum = excluded.checksum
            """);
        var state = checkpoint.State();
        command.Add("@bot", botId);
        command.Add("@instrument", instrumentId);
        command.Add("@ts", context.Database.Timestamp(checkpoint.At));
        command.Add("@fills", checkpoint.Book.Fills);
        command.Add("@open_position_id", checkpoint.OpenPositionId);
        command.Add("@state", state);
        command.Add("@checksum", ProductCheckpoint.Checksum(checkpoint.At, checkpoint.Book.Fills, checkpoint.OpenPositionId, state));
        command.ExecuteNonQuery();
    }

    private DayTotals StoredDay(SessionProduct product, DateOnly day)
    {
        using var command = context.Command("SELECT realized_pnl, fees, fills, trades, wins FROM daily_rollups WHERE bot_id = @bot AND instrument_id = @instrument AND day = @day");
        command.Add("@bot", product.BotId);
        command.Add("@instrument", product.InstrumentId);
        command.Add("@day", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new DayTotals(reader.GetDecimal(0), reader.GetDecimal(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4))
            : default;
    }

    private Dictionary<string, decimal> StoredUnconvertedFees(SessionProduct product)
    {
        using var command = context.Command("SELECT currency, amount FROM unconverted_fees WHERE bot_id = @bot AND instrument_id = @instrument");
        command.Add("@bot", product.BotId);
        command.Add("@instrument", product.InstrumentId);
        using var reader = command.ExecuteReader();
        var fees = new Dictionary<string, decimal>(StringComparer.Ordinal);
        while (reader.Read())
        {
            fees[reader.GetString(0)] = reader.GetDecimal(1);
        }

        return fees;
    }
}
