using System.Net;
using System.Text.Json;

namespace Tradebook.Server.Tests.Support;

/// <summary>Asserts on RFC 9457 problem answers.</summary>
public static class Problems
{
    /// <summary>The response is a problem with this status and code; returns its detail.</summary>
    public static async Task<string> Expect(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(code, document.RootElement.GetProperty("code").GetString());
        return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? string.Empty : string.Empty;
    }
}
