using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Tradebook.Core;
using Tradebook.Core.Bots;
using Tradebook.Core.Domain;
using Tradebook.Server.Writing;
using Tradebook.Storage.Access;
using Tradebook.Storage.Changes;
using Tradebook.Storage.Connection;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;

namespace Tradebook.Server.Api;

/// <summary>A new bot. Its name is its key and its mode never changes: live, paper, backtest or test.</summary>
public sealed record BotInput(string Name, BotMode Mode, CostBasisMethod? CostMethod = null, string? Exchange = null, string? StrategyName = null, string? StrategyVersion = null, JsonElement? Config = null);

/// <summary>A new strategy version or configuration for a bot; what is left out stays.</summary>
public sealed record BotPatch(string? StrategyVersion = null, JsonElement? Config = null);

/// <summary>What a bot says of itself every few seconds or minutes.</summary>
public sealed record HeartbeatInput(string? Status = null, string? Version = null, string? Host = null);

/// <summary>A list of bots.</summary>
public sealed record BotList(IReadOnlyList<BotSummary> Bots);

/// <summary>What deleting a bot removed: its rows in each table that held any, and the backup taken first (SQLite).</summary>
public sealed record BotDeletion(string Bot, IReadOnlyDictionary<string, long> Rows, string? Backup);

/// <summary>Bots: add, list, read, update, pause, resume, archive, delete, heartbeat.</summary>
public static class BotsApi
{
    public static IEndpointRouteBuilder MapBotsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/bots").WithTags("Bots");
        api.MapGet("/", List).WithName("list-bots").WithSummary("Every bot with its mode, status, last activity and figures; archived bots only when asked.");
        api.MapGet("/{bot}", Get).WithName("get-bot").WithSummary("One bot, archived or not.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/", Add).WithName("add-bot").WithSummary("Add a bot; adding the same bot again changes nothing.")
            .Produces<BotSummary>(StatusCodes.Status201Created).Produces<BotSummary>().ProducesProblem(StatusCodes.Status409Conflict);

        // The rest change a bot named in the path: each answers what the bot is now, or 404 for a bot that does not exist.
        var bot = api.MapGroup("/{bot}")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(BotSummary), ["application/json"]))
            .ProducesProblem(StatusCodes.Status404NotFound);
        bot.MapPatch(string.Empty, Update).WithName("update-bot").WithSummary("Record a new strategy version or configuration.");
        bot.MapPost("/pause", (string bot, WriteQueue queue, BotDirectory bots, CallerScope scope, TimeProvider time, TradebookDatabase database) =>
            Change(bot, queue, bots, scope, (c, t) => BotLifecycle.SetPaused(c, t, database, scope, bot, true, time.GetUtcNow()))).WithName("pause-bot").WithSummary("Pause a bot: it is shown as paused, its data stays.");
        bot.MapPost("/resume", (string bot, WriteQueue queue, BotDirectory bots, CallerScope scope, TimeProvider time, TradebookDatabase database) =>
            Change(bot, queue, bots, scope, (c, t) => BotLifecycle.SetPaused(c, t, database, scope, bot, false, time.GetUtcNow()))).WithName("resume-bot").WithSummary("Resume a paused bot, or bring back an archived one: it runs and is listed again.");
        bot.MapPost("/archive", (string bot, WriteQueue queue, BotDirectory bots, CallerScope scope, TimeProvider time, TradebookDatabase database) =>
            Change(bot, queue, bots, scope, (c, t) => BotLifecycle.Archive(c, t, database, scope, bot, time.GetUtcNow()))).WithName("archive-bot").WithSummary("Hide a bot from lists; its data is kept.");
        api.MapDelete("/{bot}", Delete)
            .WithName("delete-bot").WithSummary("Delete an archived bot and everything recorded for it or derived from it, after a backup (SQLite); other bots, prices and imports stay.")
            .Produces<BotDeletion>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{bot}/heartbeat", Beat).WithName("record-heartbeat").WithSummary("Say the bot is alive, with its status, version and host.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Ok<BotList> List(BotDirectory bots, CallerScope scope, string? mode, bool? include_archived) =>
        TypedResults.Ok(new BotList(bots.List(scope, new BotListQuery(Query.Mode(mode), include_archived ?? false))));

    private static Results<Ok<BotSummary>, ProblemHttpResult> Get(string bot, BotDirectory bots, CallerScope scope) =>
        bots.Find(scope, bot) is { } summary ? TypedResults.Ok(summary) : NotFound(bot);

    private static async Task<IResult> Add(BotInput input, WriteQueue queue, BotDirectory bots, CallerScope scope, TradebookDatabase database, TimeProvider time)
    {
        var spec = new BotSpec(input.Name?.Trim() ?? string.Empty, input.Mode, input.CostMethod ?? CostBasisMethod.Average, input.Exchange, input.StrategyName, input.StrategyVersion, Text(input.Config), scope.User);
        var inserted = await queue.Run(group =>
        {
            var added = Bots.Add(group.Connection, group.Transaction, database, spec, time.GetUtcNow());
            if (added.Inserted)
            {
                group.Changes.Add(new Change(ChangeKind.Bot, spec.Name, 1));
            }

            return added.Inserted;
        }).ConfigureAwait(false);
        var summary = bots.Find(scope, spec.Name)!;
        return inserted ? TypedResults.Created($"/api/v1/bots/{Uri.EscapeDataString(spec.Name)}", summary) : TypedResults.Ok(summary);
    }

    private static Task<IResult> Update(string bot, BotPatch patch, WriteQueue queue, BotDirectory bots, CallerScope scope, TradebookDatabase database, TimeProvider time)
    {
        // Decoded before the write, so that a body that is not text is refused before a transaction begins.
        var update = new BotUpdate(patch.StrategyVersion, Text(patch.Config));
        return Change(bot, queue, bots, scope, (c, t) => BotLifecycle.Update(c, t, database, scope, bot, update, time.GetUtcNow()));
    }

    private static async Task<IResult> Beat(string bot, HeartbeatInput? input, WriteQueue queue, CallerScope scope, TradebookDatabase database, TimeProvider time)
    {
        var beat = new Heartbeat(input?.Status, input?.Version, input?.Host);
        await queue.Run(group =>
        {
            group.Changes.Add(BotLifecycle.Beat(group.Connection, group.Transaction, database, scope, bot, beat, time.GetUtcNow()));
            return 0;
        }).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Deletes a bot once it is archived: a request cannot remove a running bot's history by mistake (a client's
    /// wrong name, a retried call), and the answer to a bot not yet archived says what deleting it would remove.
    /// The backup (SQLite) is taken only for a bot that can be deleted; the transaction checks again.
    /// </summary>
    private static async Task<IResult> Delete(string bot, WriteQueue queue, BotDirectory bots, CallerScope scope, TradebookDatabase database)
    {
        var summary = bots.Find(scope, bot);
        if (summary is null)
        {
            return NotFound(bot);
        }

        var backup = summary.Status == BotStatus.Archived && database.Engine == SqlEngine.Sqlite ? Storage.Backups.BackupService.Backup(database).Path : null;
        var removed = await queue.Run(group =>
        {
            var removed = BotRemoval.Delete(group.Connection, group.Transaction, scope, bot, onlyArchived: true);
            group.Changes.Add(new Change(ChangeKind.Bot, null, 1));

            // What the writer loaded of the bot (its id, its products) went with it.
            group.Forget();
            return removed;
        }).ConfigureAwait(false);
        return TypedResults.Ok(new BotDeletion(removed.Bot, removed.Rows, backup));
    }

    private static async Task<IResult> Change(string bot, WriteQueue queue, BotDirectory bots, CallerScope scope, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Change> change)
    {
        await queue.Run(group =>
        {
            group.Changes.Add(change(group.Connection, group.Transaction));
            return 0;
        }).ConfigureAwait(false);
        return TypedResults.Ok(bots.Find(scope, bot));
    }

    // A configuration is stored as the JSON text it was sent as; a JSON string is stored as its value.
    // The JSON reader leaves the bytes of a nested value undecoded, so a byte that is not UTF-8 is
    // found only here, when they are made text.
    private static string? Text(JsonElement? config)
    {
        try
        {
            return config is not { } value || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null
                : value.ValueKind == JsonValueKind.String ? value.GetString()
                : value.GetRawText();
        }
        catch (InvalidOperationException e)
        {
            throw new TradebookException(ErrorCode.InvalidInput, $"\"config\" holds bytes that are not UTF-8 text ({e.Message}); send the configuration as UTF-8 JSON; nothing was written", e);
        }
    }

    internal static ProblemHttpResult NotFound(string bot) =>
        TypedResults.Problem(Hosting.ApiProblems.Problem(StatusCodes.Status404NotFound, "unknown_bot", $"no bot named '{bot}'; GET /api/v1/bots lists them, POST /api/v1/bots adds one"));
}
