using Tradebook.Core.Metrics;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Reads;

/// <summary>A bot's equity snapshots and round trips, as its equity curve and its metrics need them.</summary>
public sealed partial class EquityHistory(TradebookDatabase database)
{
    /// <summary>
    /// Equity readings of a bot, oldest first, within the optional time range. Read through <see cref="RowReader"/>:
    /// a curve reads every reading of its range (a year of readings every ten minutes is 50,000), and on SQLite
    /// each time and amount is parsed from the row's bytes rather than made a string first.
    /// </summary>
    public IReadOnlyList<EquityPoint> Points(string bot, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        database.Read(connection =>
        {
            var parameters = new List<(string Name, object? Value)> { ("@bot", bot) };
            if (from is { } f)
            {
                parameters.Add(("@from", database.Timestamp(f)));
            }

            if (to is { } t)
            {
                parameters.Add(("@to", database.Timestamp(t)));
            }

            using var reader = RowReader.Open(connection, null, $"""
                SELECT s.ts, s.equity
                FROM equity_snapshots s
                WHERE s.bot_id = (SELECT id FROM bots WHERE name = @bot)
                  {(from is null ? string.Empty : "AND s.ts >= @from")}
                  {(to is null ? string.Empty : "AND s.ts < @to")}
                ORDER BY s.ts
                """,
                [.. parameters]);
            var points = new List<EquityPoint>();
            while (reader.Read())
            {
                points.Add(new EquityPoint(reader.GetTime(0), reader.GetDecimal(1)));
            }

            return (IReadOnlyList<EquityPoint>)points;
        });
}
