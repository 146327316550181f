using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Tradebook.Core;
using Tradebook.Core.Accounting;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;

namespace Tradebook.Server.Api;

/// <summary>Round trips, fills, orders, signals, decisions, cash flows and snapshots, newest first, a page at a time by cursor.</summary>
public static class HistoryApi
{
    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("History");
        api.MapGet("/round-trips", RoundTrips).WithName("list-round-trips").WithSummary("Round trips, newest first, filtered by bot, product, mode, status and time; sort=opened|closed.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/round-trips/{id:long}", RoundTrip).WithName("get-round-trip").WithSummary("A round trip with its fills and the decisions behind them.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/fills", (Executions executions, CallerScope scope, string? bot, string? product, string? order, string? from, string? to, int? limit, string? cursor) =>
            TypedResults.Ok(executions.FillPage(scope, Filter(bot, product, from, to, limit, cursor) with { Order = string.IsNullOrEmpty(order) ? null : order })))
            .WithName("list-fills").WithSummary("Fills, newest first; order (with bot) keeps one order's, named by the bot's id or the exchange's.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/orders", (Executions executions, CallerScope scope, string? bot, string? product, string? from, string? to, int? limit, string? cursor) =>
            TypedResults.Ok(executions.OrderPage(scope, Filter(bot, product, from, to, limit, cursor)))).WithName("list-orders").WithSummary("Orders, newest first.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/signals", (Executions executions, CallerScope scope, string? bot, string? product, string? from, string? to, int? limit, string? cursor) =>
            TypedResults.Ok(executions.SignalPage(scope, Filter(bot, product, from, to, limit, cursor)))).WithName("list-signals").WithSummary("Signals, newest first.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/cash-flows", (AccountHistory account, CallerScope scope, string? bot, string? product, string? from, string? to, int? limit, string? cursor) =>
            TypedResults.Ok(account.CashFlowPage(scope, Filter(bot, product, from, to, limit, cursor))))
            .WithName("list-cash-flows").WithSummary("Cash flows (deposits, withdrawals, funding, interest…), newest first; product keeps one product's.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/snapshots", (AccountHistory account, CallerScope scope, string? bot, string? from, string? to, int? limit, string? cursor) =>
            TypedResults.Ok(account.SnapshotPage(scope, Filter(bot, null, from, to, limit, cursor))))
            .WithName("list-snapshots").WithSummary("Equity snapshots as recorded, newest first (a bot's curve, downsampled, is its /equity).").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/decisions", Decisions).WithName("list-decisions").WithSummary("Decisions, newest first, with full prompt and response; q searches the prompt, the decision and the notes.").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/decisions/{id:long}", Decision).WithName("get-decision").WithSummary("A decision with the signals it cites, the orders and fills that followed, and the P&L they realized.").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static Ok<Page<TradeRow>> RoundTrips(RoundTripHistory history, CallerScope scope, string? bot, string? product, string? mode, string? status, string? from, string? to, string? sort, int? limit, string? cursor)
    {
        // Exactly as written: the query takes a position status in its stored spelling only.
        bool? closed = status switch
        {
            null or "" => null,
            _ when EnumText.TryParse<PositionStatus>(status, out var given) && status == given.ToText() => given == PositionStatus.Closed,
            _ => throw new TradebookException(ErrorCode.InvalidInput, $"status '{status}' is not open or closed"),
        };
        var byClose = sort switch
        {
            null or "" or "opened" => false,
            "closed" => true,
            _ => throw new TradebookException(ErrorCode.InvalidInput, $"sort '{sort}' is not opened or closed"),
        };
        return TypedResults.Ok(history.Page(scope, new RoundTripQuery(Query.Bot(bot), product, Query.Mode(mode), closed, Query.Time(from, "from"), Query.Time(to, "to"), byClose, limit, cursor)));
    }

    private static Results<Ok<RoundTripDetail>, ProblemHttpResult> RoundTrip(long id, RoundTripHistory history, CallerScope scope) =>
        history.Find(scope, id) is { } detail ? TypedResults.Ok(detail) : NotFound($"no round trip {id}");

    private static Ok<Page<DecisionRow>> Decisions(DecisionLog log, CallerScope scope, string? bot, string? q, string? from, string? to, int? limit, string? cursor) =>
        TypedResults.Ok(log.Page(scope, new DecisionQuery(Query.Bot(bot), q, Query.Time(from, "from"), Query.Time(to, "to"), limit, cursor)));

    private static Results<Ok<DecisionTrace>, ProblemHttpResult> Decision(long id, DecisionLog log, CallerScope scope) =>
        log.Trace(scope, id) is { } trace ? TypedResults.Ok(trace) : NotFound($"no decision {id}");

    private static ExecutionQuery Filter(string? bot, string? product, string? from, string? to, int? limit, string? cursor) =>
        new(Query.Bot(bot), product, Query.Time(from, "from"), Query.Time(to, "to"), limit, cursor);

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(Hosting.ApiProblems.Problem(StatusCodes.Status404NotFound, "not_found", detail));
}
