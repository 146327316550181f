using System.Net;
using System.Text.Json;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteDecimalsAsTextTests() : DecimalsAsTextTests(StorageEngine.Sqlite);

/// <summary>
/// A client that asks with <c>Prefer: decimals=string</c> gets every amount of a read as a string of its exact
/// digits (a JavaScript client would round a number past 16 digits); any other client gets numbers.
/// </summary>
public abstract class DecimalsAsTextTests(StorageEngine engine) : ServerTest(engine)
{
    private const string Quantity = "0.123456789012345678";

    [StorageFact]
    public async Task amounts_are_strings_of_their_exact_digits_when_asked_and_numbers_otherwise()
    {
        await Server.AddBot("alpha");
        var recorded = await Server.PostJson("/api/v1/bots/alpha/fills", $$"""{"id":"f1","symbol":"BTC/USDT","side":"buy","qty":"{{Quantity}}","price":"100.50","ts":"2026-01-01T00:00:00Z"}""");
        recorded.EnsureSuccessStatusCode();

        var (asText, applied) = await Get("/api/v1/fills?bot=alpha", "return=minimal, decimals=string");
        var (asNumbers, notApplied) = await Get("/api/v1/fills?bot=alpha", null);
        var (pnl, _) = await Get("/api/v1/pnl?by=product", "decimals=\"string\"");

        var fill = asText.GetProperty("items")[0];
        Assert.Equal((JsonValueKind.String, Quantity), (fill.GetProperty("quantity").ValueKind, fill.GetProperty("quantity").GetString()));
        Assert.Equal(asNumbers.GetProperty("items")[0].GetProperty("price").GetRawText(), fill.GetProperty("price").GetString());
        Assert.Equal("decimals=string", applied);
        Assert.Equal(JsonValueKind.Number, asNumbers.GetProperty("items")[0].GetProperty("quantity").ValueKind);
        Assert.Equal(Quantity, asNumbers.GetProperty("items")[0].GetProperty("quantity").GetRawText());
        Assert.Null(notApplied);
        Assert.Equal(JsonValueKind.String, pnl.GetProperty("lines")[0].GetProperty("fees").ValueKind);
    }

    [StorageFact]
    public async Task a_problem_stays_a_problem_when_amounts_are_asked_as_strings()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/bots/nobody/metrics", UriKind.Relative));
        request.Headers.Add("Prefer", "decimals=string");
        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Preference-Applied"));
    }

    private async Task<(JsonElement Body, string? Applied)> Get(string path, string? prefer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (prefer is not null)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        using var response = await Server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return (JsonDocument.Parse(text).RootElement.Clone(), response.Headers.TryGetValues("Preference-Applied", out var values) ? values.Single() : null);
    }
}
