using System.Net;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>
/// Query parameters are read strictly, as bodies are: a name the endpoint does not take, or one given twice, is
/// a 400 that names it and what the endpoint takes. Ignored, a misspelt filter answers with every row unfiltered,
/// or a leaderboard ranked by another metric, and the client takes it for what it asked.
/// </summary>
public sealed class QueryParameterTests() : ServerTest(StorageEngine.Sqlite)
{
    [Theory]
    [InlineData("/api/v1/fills?symbol=BTC/USDT", "symbol", "product")]
    [InlineData("/api/v1/leaderboard?mode=paper&metric=sharpe", "metric", "sort")]
    [InlineData("/api/v1/bots/alpha/equity?since=2026-01-01", "since", "from")]
    [InlineData("/api/v1/bots?archived=true", "archived", "include_archived")]
    [InlineData("/api/v1/bots/alpha/metrics?bot=beta", "bot", "annualization")]
    public async Task a_query_parameter_the_endpoint_does_not_take_is_a_400_naming_it_and_what_it_takes(string path, string unknown, string taken)
    {
        await Server.AddBot("alpha");

        using var response = await Server.Http.GetAsync(new Uri(path, UriKind.Relative));
        var detail = await Problems.Expect(response, HttpStatusCode.BadRequest, "invalid_input");

        Assert.Contains($"'{unknown}'", detail, StringComparison.Ordinal);
        Assert.Contains(taken, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_query_parameter_given_twice_is_a_400_instead_of_two_values_joined_into_one()
    {
        await Server.AddBot("alpha");

        using var response = await Server.Http.GetAsync(new Uri("/api/v1/fills?bot=alpha&bot=beta", UriKind.Relative));
        var detail = await Problems.Expect(response, HttpStatusCode.BadRequest, "invalid_input");

        Assert.Contains("'bot'", detail, StringComparison.Ordinal);
        Assert.Contains("2 times", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/fills?BOT=alpha")]
    [InlineData("/api/v1/fills?bot=alpha&_=1733480000000")]
    [InlineData("/api/v1/leaderboard?mode=paper&sort=sharpe&annualization=252")]
    public async Task the_parameters_an_endpoint_takes_in_any_case_and_a_cache_buster_are_answered(string path)
    {
        await Server.AddBot("alpha");

        using var response = await Server.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task a_write_with_an_unknown_query_parameter_is_refused_and_writes_nothing()
    {
        await Server.AddBot("alpha");

        using var response = await Server.PostJson("/api/v1/bots/alpha/fills?dry_run=true", """{"id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","fee":"0","ts":"2026-01-01T00:00:00Z"}""");

        await Problems.Expect(response, HttpStatusCode.BadRequest, "invalid_input");
        Assert.Equal(0, Db.Count("fills"));
    }

    [Theory]
    [InlineData("/api/v1/fills?bot=alpah")]
    [InlineData("/api/v1/orders?bot=alpah")]
    [InlineData("/api/v1/signals?bot=alpah")]
    [InlineData("/api/v1/decisions?bot=alpah")]
    [InlineData("/api/v1/round-trips?bot=alpah")]
    [InlineData("/api/v1/pnl?bot=alpah")]
    [InlineData("/api/v1/positions?bot=alpah")]
    [InlineData("/api/v1/export/fills?bot=alpah")]
    [InlineData("/api/v1/export/round-trips?bot=alpah&format=ndjson")]
    public async Task a_read_filtered_by_a_bot_that_does_not_exist_is_a_404_naming_it_rather_than_an_empty_answer(string path)
    {
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/bots/alpha/fills", """{"id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","fee":"0","ts":"2026-01-01T00:00:00Z"}""");

        using var response = await Server.Http.GetAsync(new Uri(path, UriKind.Relative));
        var detail = await Problems.Expect(response, HttpStatusCode.NotFound, "unknown_bot");

        Assert.Contains("'alpah'", detail, StringComparison.Ordinal);
        Assert.Contains("GET /api/v1/bots", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/fills?bot=")]
    [InlineData("/api/v1/pnl?bot=%20")]
    [InlineData("/api/v1/export/fills?bot=&format=ndjson")]
    public async Task a_bot_filter_left_blank_filters_nothing_as_a_form_that_offers_every_bot_means(string path)
    {
        await Server.AddBot("alpha");
        await Server.PostJson("/api/v1/bots/alpha/fills", """{"id":"f1","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","fee":"0","ts":"2026-01-01T00:00:00Z"}""");

        using var response = await Server.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("BTC/USDT", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_event_stream_may_follow_a_bot_before_it_is_added()
    {
        using var response = await Server.Http.GetAsync(new Uri("/api/v1/events?bot=later", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
