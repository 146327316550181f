using System.Net;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>
/// HEAD is answered wherever GET is (RFC 9110): the same status and headers, the length GET's body would have,
/// and no body. Monitors and link checkers probe with HEAD; a 405 there reads as an endpoint that is gone.
/// </summary>
public sealed class HeadRequestTests() : ServerTest(StorageEngine.Sqlite)
{
    [Theory]
    [InlineData("/api/v1/bots")]
    [InlineData("/api/v1/bots/alpha")]
    [InlineData("/api/v1/pnl?bot=alpha")]
    [InlineData("/api/v1/bots/alpha/metrics")]
    [InlineData("/api/v1/fills")]
    [InlineData("/health/ready")]
    public async Task a_head_request_gets_the_get_status_and_headers_with_the_length_of_its_body_and_no_body(string path)
    {
        await Server.AddBot("alpha");
        using var get = await Server.Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await get.Content.ReadAsByteArrayAsync();

        using var head = await Send(HttpMethod.Head, path);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Equal(body.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task a_head_request_for_what_get_does_not_find_is_the_same_404_without_a_body()
    {
        using var head = await Send(HttpMethod.Head, "/api/v1/bots/ghost");

        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task a_head_request_for_the_event_stream_is_answered_at_once_instead_of_held_open()
    {
        using var head = await Send(HttpMethod.Head, "/api/v1/events");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/event-stream", head.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task head_is_no_way_around_a_write_endpoint_and_a_bad_query_is_still_refused()
    {
        using var write = await Send(HttpMethod.Head, "/api/v1/records");
        using var badQuery = await Send(HttpMethod.Head, "/api/v1/events?kind=nonsense");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, write.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        Assert.Equal(0, Db.Count("fills"));
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await Server.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
    }
}
