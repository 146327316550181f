using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tradebook.Core;
using Tradebook.Records;
using Tradebook.Server.Hosting;
using Tradebook.Server.Writing;
using Tradebook.Storage.Access;
using Tradebook.Storage.Changes;
using Tradebook.Storage.Ledger;

namespace Tradebook.Server.Api;

/// <summary>What a write did, per kind: rows inserted, already present, or updated (an order's status).</summary>
public sealed record RecordResult(int Records, IReadOnlyDictionary<string, KindResult> Kinds)
{
    public static RecordResult From(int records, RecordSummary summary) =>
        new(records, summary.Kinds.ToDictionary(
            k => k.Key,
            k => new KindResult(k.Value.Inserted, k.Value.Existing, k.Value.Updated, KeyedRows(summary, k.Key)),
            StringComparer.Ordinal));

    private static List<RowResult>? KeyedRows(RecordSummary summary, string kind) =>
        summary.Rows.Where(r => r.Kind == kind).Select(r => new RowResult(r.Bot, r.Key, r.Id, r.Outcome)).ToList() is { Count: > 0 } rows ? rows : null;
}

/// <summary>
/// One kind's counts and, for kinds a bot names by its own id (fills, orders, decisions, signals, cash
/// flows; snapshots by their time), each row in the order given: its key, the id Tradebook stores it
/// under (the id in <c>/decisions/{id}</c>), and whether it was inserted, already present or updated.
/// Price bars, FX rates and settings have counts only.
/// </summary>
public sealed record KindResult(
    int Inserted,
    int Existing,
    int Updated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<RowResult>? Rows);

/// <summary>A row of a write, by the bot and key it was given, with its stored id and outcome.</summary>
public sealed record RowResult(string Bot, string Key, long Id, RowOutcome Outcome);

/// <summary>
/// The write endpoints. Every one reads its body with the record format's own parser, so the server
/// accepts exactly what <c>tradebook record</c> accepts, checks it the same way, and writes it through
/// the same ledger call: there is no second format, validation or write path.
/// </summary>
public static class RecordsApi
{
    private static readonly (string Path, RecordKind Kind)[] PerBotKinds =
    [
        ("fills", RecordKind.Fill),
        ("orders", RecordKind.Order),
        ("decisions", RecordKind.Decision),
        ("signals", RecordKind.Signal),
        ("snapshots", RecordKind.Snapshot),
        ("cash-flows", RecordKind.CashFlow),
    ];

    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Writes");
        api.MapPost("/records", (HttpRequest request, WriteQueue queue, CallerScope scope) => Write(request, queue, scope, body => RecordParser.Parse(body, "request body", RecordKind.Fill), null))
            .WithName("record").WithSummary("Record fills, orders, decisions, signals, snapshots, cash flows, price bars, FX rates and settings, exactly as `tradebook record` accepts them.")
            .RequestBody<object>()
            .Produces<RecordResult>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/bots/{bot}/turns", (string bot, HttpRequest request, WriteQueue queue, CallerScope scope) => Write(request, queue, scope, body => RecordParser.ParseTurn(body, "request body", bot), bot))
            .WithName("record-turn").WithSummary("Record one bot turn (signals, decision, orders, fills, snapshot, cash flows) in one transaction.")
            .RequestBody<BotTurn>()
            .Produces<RecordResult>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        foreach (var (path, kind) in PerBotKinds)
        {
            api.MapPost($"/bots/{{bot}}/{path}", (string bot, HttpRequest request, WriteQueue queue, CallerScope scope) => Write(request, queue, scope, body => RecordParser.Parse(body, "request body", kind, bot), bot))
                .WithName($"record-{path}")
                .WithSummary($"Record one {kind.ToText().Replace('_', ' ')} or an array of them for this bot.")
                .RequestBody(BotTurn.InputType(kind))
                .Produces<RecordResult>()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
        }

        return app;
    }

    private static async Task<IResult> Write(HttpRequest request, WriteQueue queue, CallerScope scope, Func<Stream, LedgerBatch> parse, string? bot)
    {
        using var body = await ReadBody(request).ConfigureAwait(false);
        if (body.GetBuffer().AsSpan(0, (int)body.Length).IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            // A write with nothing in it is a client that forgot its body, not a batch of no records.
            throw new TradebookException(ErrorCode.InvalidInput, $"the request body is empty: {request.Method} {request.Path} takes records as JSON (one object, an array, or JSON Lines); nothing was written");
        }

        var batch = parse(body);
        var summary = await queue.Run(group =>
        {
            if (bot is not null && !group.HasBot(bot, scope))
            {
                throw new TradebookException(ErrorCode.UnknownBot, $"no bot named '{bot}'", Remedy.AddBot(bot));
            }

            var recorded = group.Record(batch, scope);
            foreach (var change in ChangeLog.Of(batch))
            {
                group.Changes.Add(change);
            }

            return recorded;
        }).ConfigureAwait(false);
        Telemetry.ServerMetrics.Recorded(summary.Kinds);
        return TypedResults.Ok(RecordResult.From(batch.Count, summary));
    }

    /// <summary>
    /// The body's bytes, read without blocking and never more than the server's limit (a longer body is
    /// a 413). The record parser checks them as it checks a file: UTF-8, a byte-order mark allowed.
    /// </summary>
    internal static async Task<MemoryStream> ReadBody(HttpRequest request)
    {
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted).ConfigureAwait(false);
        body.Position = 0;
        return body;
    }
}
