using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;
using Prometheus;
using Scalar.AspNetCore;
using Tradebook.Server.Api;
using Tradebook.Server.Caching;
using Tradebook.Server.Events;
using Tradebook.Server.Hosting;
using Tradebook.Server.Telemetry;
using Tradebook.Server.Writing;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;

namespace Tradebook.Server;

/// <summary>
/// Builds Tradebook's server on a database the caller has opened and migrated: the API, the event
/// stream, the OpenAPI document and reference, health, metrics and the dashboard.
/// </summary>
public static class TradebookServer
{
    /// <summary>
    /// Refuses what the server cannot run with (an address that is not loopback, an origin that is not one), so that a
    /// caller can check its options before it opens or creates a database for them.
    /// </summary>
    public static void Check(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        LoopbackGuard.Require(options.Urls);
        CrossOrigins.Parse(options.CorsOrigins);
    }

    public static WebApplication Build(ServerOptions options, TradebookDatabase database, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(database);
        Check(options);
        var origins = CrossOrigins.Parse(options.CorsOrigins);

        // A server keeps its database open for days: a file moved over it, or deleted, must not be read
        // through the old file's WAL (see TradebookDatabase.HoldFile).
        database.HoldFile();

        // /metrics publishes Tradebook's figures, the process's, and the requests' counts and latencies.
        // prometheus-net would also republish every .NET meter and event counter, which costs work on
        // every request (about a tenth of a write's CPU) for figures nobody asked for.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });

        var webRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, WebRootPath = Directory.Exists(webRoot) ? webRoot : null });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // A failure to start (a port in use) is reported by the host as one error line, not logged with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddTradebook(options, database);
        builder.Services.AddCrossOrigins(origins);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseHeadRequests();
        app.UseRouting();
        app.UseEncodedSlashes();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCrossOrigins(origins);
        app.UseBrowserGuard(options.AllowedHosts, origins);
        app.UseRequestEncodings(options.MaxBodyBytes);
        app.UseRequestCharsets(options.MaxBodyBytes);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseHttpMetrics();
        app.MapOpenApi();
        // The reference works with no internet: the fonts Scalar would fetch from its own host are left out, and so is
        // its AI agent, which would send the API's description to a third party.
        app.MapScalarApiReference("/scalar", reference => reference.DisableDefaultFonts().DisableAgent());
        app.MapTradebookApi();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapMetrics("/metrics");
        return app;
    }

    private static IServiceCollection AddTradebook(this IServiceCollection services, ServerOptions options, TradebookDatabase database)
    {
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", ApiProblems.CodeOfStatus(status));
            context.ProblemDetails.Detail ??= ApiProblems.DetailOfStatus(context.HttpContext, status);
        });
        services.AddExceptionHandler<ApiProblems>();
        services.AddOpenApi(ApiDocuments.OpenApi31, openApi => Describe(openApi));
        services.AddOpenApi(ApiDocuments.OpenApi30, openApi =>
        {
            Describe(openApi).AddDocumentTransformer<NullablesForOpenApi30>();
            openApi.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        });
        services.AddHealthChecks().AddCheck<ReadinessCheck>("database", tags: ["ready"]);

        services.AddSingleton(options);
        services.AddSingleton(database);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new LedgerWriter(database, TimeProvider.System));
        services.AddSingleton(_ => new LedgerReader(database));
        services.AddSingleton(provider => new BotDirectory(database, provider.GetRequiredService<TimeProvider>(), options.StaleAfter));
        services.AddSingleton(_ => new RoundTripHistory(database));
        services.AddSingleton(_ => new Executions(database));
        services.AddSingleton(_ => new AccountHistory(database));
        services.AddSingleton(_ => new DecisionLog(database));
        services.AddSingleton(_ => new EquityHistory(database));
        services.AddSingleton(provider => new MetricsCache(database, provider.GetRequiredService<EquityHistory>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<OperationsStatus>();
        services.AddSingleton(provider => new WriteQueue(
            database, provider.GetRequiredService<LedgerWriter>(), provider.GetRequiredService<TimeProvider>(), options.MaxGroupCommit, ServerMetrics.Committed, options.WriteLockWait));
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton(_ => new BotOwners(database));
        services.AddHostedService(provider => provider.GetRequiredService<ChangeFeed>());
        services.AddSingleton<StartupWarmup>();
        if (options.WarmUpAtStart)
        {
            services.AddHostedService(provider => provider.GetRequiredService<StartupWarmup>());
        }

        services.AddSingleton<ServerMetrics>();

        // The caller's scope comes from the request; until Tradebook has users every caller is the local owner.
        services.AddScoped(_ => CallerScope.LocalOwner);
        return services;
    }

    private static void MapTradebookApi(this WebApplication app)
    {
        _ = app.Services.GetRequiredService<ServerMetrics>();
        // Every operation can be refused as bad input (StrictQuery refuses a query parameter it does not take), and
        // answered 503 while the database cannot serve: the description says so, for clients generated from it.
        var api = app.MapGroup(string.Empty)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.AddEndpointFilterFactory(StrictQuery.Filter);
        api.AddEndpointFilterFactory(DecimalsAsText.Filter);
        api.MapBotsApi();
        api.MapRecordsApi();
        api.MapHistoryApi();
        api.MapReportsApi();
        api.MapStatusApi();
        api.MapExportApi();
        api.MapEventsApi();
    }

    private static OpenApiOptions Describe(OpenApiOptions openApi) =>
        openApi.AddSchemaTransformer<SchemasAsSent>().AddDocumentTransformer<ServerUrlWithoutSlash>();
}
