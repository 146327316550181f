using System.Diagnostics;
using System.Text.Json.Nodes;
using Tradebook.Demo.Market;
using Tradebook.Demo.Records;
using Tradebook.Demo.Strategies;

namespace Tradebook.Demo;

/// <summary>
/// Runs the demo against a Tradebook server: creates four paper bots, writes a first stretch of history
/// at once (so charts have something to show), then replays the rest at <see cref="DemoOptions.BarsPerSecond"/>.
/// For each bar it posts the bar's prices through <c>/api/v1/records</c> and each bot's turn through
/// <c>/api/v1/bots/{bot}/turns</c>, and it sends heartbeats, exactly as a bot written in any language would.
/// </summary>
public static class DemoRunner
{
    // At most this many pacing ticks a second; a faster pace posts several bars per tick.
    private const int TicksPerSecond = 20;

    public static async Task RunAsync(Uri serverBaseAddress, DemoOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(serverBaseAddress);
        using var http = new HttpClient { BaseAddress = serverBaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await RunAsync(http, options, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the demo through <paramref name="http"/>, whose base address is the server's (for tests with an
    /// in-memory server). Returns when <paramref name="ct"/> is cancelled, or at the end of the history
    /// unless <see cref="DemoOptions.KeepAliveAtEnd"/>; throws <see cref="DemoException"/> when the server refuses a write.
    /// </summary>
    public static async Task RunAsync(HttpClient http, DemoOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        try
        {
            await RunCoreAsync(http, options, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping the server stops the demo: not an error.
        }
    }

    private static async Task RunCoreAsync(HttpClient http, DemoOptions options, CancellationToken ct)
    {
        var log = options.Log;
        var client = new DemoClient(http, log);
        var market = MarketHistory.Generate(options.Seed, options.HistoryBars, options.Start);
        var bots = DemoBots.Create(market, options.Seed);

        foreach (var bot in bots)
        {
            await client.CreateBotAsync(bot.Bot, ct).ConfigureAwait(false);
        }

        await HeartbeatsAsync(client, bots, ct).ConfigureAwait(false);
        var backfill = Math.Min(options.BackfillBars, market.Count);
        for (var first = 0; first < backfill; first += options.BackfillBatch)
        {
            var last = Math.Min(backfill, first + options.BackfillBatch);
            await client.RecordsAsync(BackfillRecords(market, bots, first, last), ct).ConfigureAwait(false);
        }

        log?.Invoke($"demo: {bots.Count} paper bots, {backfill} of {market.Count} hourly bars written from {DemoJson.Time(market.Start)}; replaying the rest at {options.BarsPerSecond} bars a second");
        await ReplayAsync(client, market, bots, backfill, options, ct).ConfigureAwait(false);
        log?.Invoke($"demo: the history is replayed to its end ({DemoJson.Time(market.TimeOf(market.Count - 1) + MarketHistory.Interval)})");

        while (options.KeepAliveAtEnd && !ct.IsCancellationRequested)
        {
            await Task.Delay(options.HeartbeatInterval, ct).ConfigureAwait(false);
            await HeartbeatsAsync(client, bots, ct).ConfigureAwait(false);
        }
    }

    private static async Task ReplayAsync(DemoClient client, MarketHistory market, IReadOnlyList<DemoStrategy> bots, int first, DemoOptions options, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastHeartbeat = TimeSpan.Zero;
        var next = first;
        var perTick = Math.Max(1, (int)Math.Ceiling(options.BarsPerSecond / TicksPerSecond));
        while (next < market.Count)
        {
            // The bars due by now, at most a few ticks' worth at once so a slow server slows the pace instead of piling up.
            var due = first + (int)Math.Floor(clock.Elapsed.TotalSeconds * options.BarsPerSecond) + 1;
            var end = Math.Min(market.Count, Math.Min(due, next + (perTick * 4)));
            if (end > next)
            {
                var prices = Enumerable.Range(next, end - next).SelectMany(i => market.Symbols.Select(s => DemoJson.PriceBar(s.Name, market.Bar(s.Name, i))));
                await client.RecordsAsync(prices, ct).ConfigureAwait(false);
                var from = next;
                await Task.WhenAll(bots.Select(async bot =>
                {
                    for (var i = from; i < end; i++)
                    {
                        await client.TurnAsync(bot.Bot.Name, bot.Step(i), ct).ConfigureAwait(false);
                    }
                })).ConfigureAwait(false);
                next = end;
            }

            if (clock.Elapsed - lastHeartbeat >= options.HeartbeatInterval)
            {
                lastHeartbeat = clock.Elapsed;
                await HeartbeatsAsync(client, bots, ct).ConfigureAwait(false);
            }

            var wait = TimeSpan.FromSeconds((next - first) / options.BarsPerSecond) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Bars <c>first..last-1</c> as <c>POST /api/v1/records</c> takes them: the prices of every symbol, then every bot's turns. The bots take those turns.</summary>
    public static IEnumerable<JsonObject> BackfillRecords(MarketHistory market, IReadOnlyList<DemoStrategy> bots, int first, int last)
    {
        var records = new List<JsonObject>();
        for (var i = first; i < last; i++)
        {
            records.AddRange(market.Symbols.Select(s => DemoJson.PriceBar(s.Name, market.Bar(s.Name, i))));
        }

        foreach (var bot in bots)
        {
            for (var i = first; i < last; i++)
            {
                records.AddRange(DemoJson.Records(bot.Bot.Name, bot.Step(i)));
            }
        }

        return records;
    }

    private static Task HeartbeatsAsync(DemoClient client, IReadOnlyList<DemoStrategy> bots, CancellationToken ct) =>
        Task.WhenAll(bots.Select(b => client.HeartbeatAsync(b.Bot, ct)));
}
