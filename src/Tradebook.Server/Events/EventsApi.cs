using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tradebook.Core;
using Tradebook.Server.Hosting;
using Tradebook.Storage.Access;
using Tradebook.Storage.Changes;

namespace Tradebook.Server.Events;

/// <summary>An event on the stream: what changed, for which bot, how many rows, when it committed.</summary>
public sealed record StreamEvent(long Id, string Kind, string? Bot, int Count, DateTimeOffset At);

/// <summary><c>GET /api/v1/events</c>: the change log as Server-Sent Events, resumable by event id.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/events", Stream)
            .WithTags("Events")
            .WithName("follow-events").WithSummary("Follow every committed change as Server-Sent Events; resume with Last-Event-ID.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    private static IResult Stream(HttpContext http, ChangeFeed feed, ServerOptions options, TimeProvider time, CallerScope scope, BotOwners owners, string? bot, string? kind, long? last_event_id)
    {
        var kinds = ParseKinds(kind);
        var resumeFrom = ResumeFrom(http.Request.Headers["Last-Event-ID"].ToString()) ?? last_event_id;
        if (resumeFrom is < 0)
        {
            throw new TradebookException(ErrorCode.InvalidInput, "last_event_id must be 0 or more");
        }

        // nginx, the usual proxy in front of a small server, holds a response back in its buffer unless told not to:
        // events would reach a screen behind it in bursts, long after their commit.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        if (HeadRequests.IsHead(http))
        {
            http.Response.ContentType = "text/event-stream";
            return Results.Empty;
        }

        var only = Api.Query.Bot(bot);
        var filter = new Func<ChangeEvent, bool>(e => (only is null || e.Bot == only || e.Bot is null) && (kinds is null || kinds.Contains(e.Kind)) && owners.Allows(scope, e.Bot));
        return TypedResults.ServerSentEvents(Events(feed, options, time, resumeFrom, filter, http.RequestAborted));
    }

    /// <summary>
    /// The event id a reconnecting client sends back (an EventSource sends the last id it received, and this server
    /// sends only whole numbers); null when it sends none. Anything else is refused: taken for "from now", it would
    /// drop every event the client missed without a word.
    /// </summary>
    private static long? ResumeFrom(string header) =>
        string.IsNullOrWhiteSpace(header) ? null
        : long.TryParse(header.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : throw new TradebookException(ErrorCode.InvalidInput, $"Last-Event-ID '{header}' is not an event id of this server (a whole number it sent); reconnect without it to follow from now");

    private static HashSet<ChangeKind>? ParseKinds(string? kind)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            return null;
        }

        var kinds = new HashSet<ChangeKind>();
        foreach (var text in kind.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds.Add(ChangeKindText.TryParse(text, out var parsed)
                ? parsed
                : throw new TradebookException(ErrorCode.InvalidInput, $"unknown event kind '{text}'; expected one or more of {string.Join(", ", ChangeKindText.All)}, separated by commas"));
        }

        return kinds;
    }

    /// <summary>
    /// The stream: what the log holds after the client's last id, then live entries as they commit, with a
    /// ping when idle. The client subscribes before the backlog is read, and entries are sent in id order
    /// once each, so that none is lost or repeated between the two.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<object>> Events(ChangeFeed feed, ServerOptions options, TimeProvider time, long? resumeFrom, Func<ChangeEvent, bool> wanted, [EnumeratorCancellation] CancellationToken cancellation)
    {
        using var subscription = feed.Subscribe();
        var sent = await feed.StartedAsync(cancellation).ConfigureAwait(false);
        if (resumeFrom is { } from)
        {
            var (backlog, oldest, newest) = feed.Backlog(from, int.MaxValue);
            if (oldest > from + 1)
            {
                // The client's place is older than the log keeps: it cannot catch up event by event.
                yield return Item("reset", new { reason = $"events after {from} are no longer kept; reload, then follow the stream", resume_from = sent }, null);
            }
            else if (from > newest)
            {
                // The client saw events this database never had: it was restored from a backup or replaced, and
                // what the client holds may be gone. Following on would mix the two without a word.
                yield return Item("reset", new { reason = $"event {from} is newer than this database's newest ({newest}): it was restored or replaced; reload, then follow the stream", resume_from = sent }, null);
            }
            else
            {
                foreach (var change in backlog)
                {
                    sent = change.Id;
                    if (wanted(change))
                    {
                        yield return Item(change);
                    }
                }
            }
        }

        yield return Item("ready", new { last_event_id = sent }, null);
        while (!cancellation.IsCancellationRequested)
        {
            var next = await NextAsync(subscription, options.PingInterval, cancellation).ConfigureAwait(false);
            if (subscription.Overflowed)
            {
                yield return Item("reset", new { reason = "this client fell too far behind; reload, then follow the stream", resume_from = feed.Newest }, null);
                yield break;
            }

            if (next is null)
            {
                yield return Item("ping", new { at = time.GetUtcNow() }, null);
                continue;
            }

            if (next.Id > sent)
            {
                sent = next.Id;
                if (wanted(next))
                {
                    yield return Item(next);
                }
            }
        }
    }

    // The next live entry, or null when none came within the ping interval.
    private static async Task<ChangeEvent?> NextAsync(ChangeFeed.Subscription subscription, TimeSpan ping, CancellationToken cancellation)
    {
        if (subscription.Events.TryRead(out var ready))
        {
            return ready;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(ping);
        try
        {
            return await subscription.Events.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            return null;
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
            return null;
        }
    }

    private static SseItem<object> Item(ChangeEvent change) =>
        Item(change.Kind.ToText(), new StreamEvent(change.Id, change.Kind.ToText(), change.Bot, change.Count, change.At), change.Id);

    private static SseItem<object> Item(string type, object data, long? id) =>
        new(data, type) { EventId = id?.ToString(CultureInfo.InvariantCulture) };
}
