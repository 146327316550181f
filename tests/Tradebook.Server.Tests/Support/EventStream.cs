using System.Text.Json;

namespace Tradebook.Server.Tests.Support;

/// <summary>One Server-Sent Event as a client receives it.</summary>
public sealed record ReceivedEvent(string? Id, string Type, JsonElement Data);

/// <summary>Reads <c>/api/v1/events</c> as a browser's EventSource does: line by line, an event at each blank line.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<EventStream> OpenAsync(HttpClient http, string path = "/api/v1/events", string? lastEventId = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var stream = await response.Content.ReadAsStreamAsync();
        var events = new EventStream(response, new StreamReader(stream));
        await events.WaitFor(e => e.Type == "ready", TimeSpan.FromSeconds(10));
        return events;
    }

    /// <summary>Events received so far, in order.</summary>
    public List<ReceivedEvent> Received { get; } = [];

    /// <summary>Reads until an event matches, or fails after <paramref name="timeout"/>.</summary>
    public async Task<ReceivedEvent> WaitFor(Func<ReceivedEvent, bool> match, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var next = await Next(cancel.Token);
                Received.Add(next);
                if (match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"no matching event within {timeout.TotalSeconds} s; received: {string.Join(" | ", Received.Select(e => $"{e.Id} {e.Type} {e.Data}"))}");
        }
    }

    private async Task<ReceivedEvent> Next(CancellationToken cancellation)
    {
        string? id = null;
        var type = "message";
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellation) ?? throw new EndOfStreamException("the server closed the event stream");
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return new ReceivedEvent(id, type, JsonDocument.Parse(string.Join('\n', data)).RootElement.Clone());
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data.Add(value);
                    break;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
