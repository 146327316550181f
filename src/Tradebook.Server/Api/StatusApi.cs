using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tradebook.Server.Events;
using Tradebook.Server.Hosting;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Imports;

namespace Tradebook.Server.Api;

/// <summary>The database in use and why.</summary>
public sealed record DatabaseInfo(string Display, SqlEngine Engine, string Rule, string EngineVersion, long SizeBytes, long? FreeDiskBytes);

/// <summary>The schema's version against this Tradebook's, and any drift from what its migrations made.</summary>
public sealed record SchemaInfo(int Version, int Expected, bool Current, IReadOnlyList<string> Problems, IReadOnlyList<string> Drift);

/// <summary>The event stream: how many clients follow it and the newest event id.</summary>
public sealed record StreamInfo(int Clients, long LastId);

/// <summary>What the operations page shows.</summary>
/// <param name="IntegrityCheckedAt">When the integrity shown was worked out: it is checked less often than the rest (<see cref="OperationsStatus"/>).</param>
public sealed record ServerStatus(
    string Version, DatabaseInfo Database, SchemaInfo Schema, string Integrity, IReadOnlyList<string> IntegrityProblems, IReadOnlyList<ImportBatchRow> ImportBatches,
    StreamInfo Events, DateTimeOffset CheckedAt, DateTimeOffset IntegrityCheckedAt);

/// <summary><c>GET /api/v1/status</c>: the database in use, schema, integrity, imports and the stream.</summary>
public static class StatusApi
{
    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/status", (OperationsStatus status, ChangeFeed feed, TradebookDatabase database) => Get(status, feed, database))
            .WithTags("Operations")
            .WithName("get-status").WithSummary("The database in use and why, schema version and drift, integrity, import batches, and the event stream.");
        return app;
    }

    private static Ok<ServerStatus> Get(OperationsStatus status, ChangeFeed feed, TradebookDatabase database)
    {
        var checks = status.Current();
        return TypedResults.Ok(new ServerStatus(
            Storage.ToolVersion.Current,
            checks.Database,
            checks.Schema,
            checks.Integrity.Checked ? (checks.Integrity.Ok ? "ok" : "damaged") : "not checked (PostgreSQL checks its pages as it reads them)",
            checks.Integrity.Problems,
            ImportBatches.List(database),
            new StreamInfo(feed.Clients, feed.Newest),
            checks.CheckedAt,
            checks.IntegrityCheckedAt));
    }
}
