using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests.Support;

/// <summary>
/// A real Tradebook server on Kestrel, on a free loopback port, over one test's own database: requests
/// cross a real socket, and the event stream is read as a browser reads it.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private RunningServer(WebApplication app, TradebookDatabase database, Uri address)
    {
        App = app;
        Database = database;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public TradebookDatabase Database { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public static async Task<RunningServer> StartAsync(TestDatabase db, ServerOptions? options = null, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await StartAsync(db.Database, options, configure).ConfigureAwait(false);
    }

    /// <param name="configure">Changes to the server's services before it is built, as a host adds its own.</param>
    public static async Task<RunningServer> StartAsync(TradebookDatabase database, ServerOptions? options = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = TradebookServer.Build((options ?? Fast) with { Urls = "http://127.0.0.1:0" }, database, configure);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningServer(app, database, new Uri(address));
    }

    /// <summary>
    /// Options for tests: the stream polls and pings often, so that tests wait little; nothing is read at start, so
    /// that what a test counts of the server's reads is what its requests did.
    /// </summary>
    public static ServerOptions Fast { get; } = new() { ChangePollInterval = TimeSpan.FromMilliseconds(50), PingInterval = TimeSpan.FromSeconds(1), WarmUpAtStart = false };

    public Task<HttpResponseMessage> PostJson(string path, string json, string contentType = "application/json") =>
        Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, contentType));

    public async Task<JsonElement> GetJson(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task AddBot(string name, string mode = "paper")
    {
        using var response = await Http.PostAsJsonAsync(new Uri("/api/v1/bots", UriKind.Relative), new { name, mode }).ConfigureAwait(false);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync().ConfigureAwait(false);
        await App.DisposeAsync().ConfigureAwait(false);
    }
}
