using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Tradebook.Core;
using Tradebook.Storage.Access;
using Tradebook.Storage.Ledger;
using Tradebook.Storage.Reads;

namespace Tradebook.Server.Api;

/// <summary>
/// <c>GET /api/v1/export/{round-trips|fills|orders|signals|decisions|cash-flows|snapshots}</c>: every row as CSV or NDJSON, written page by
/// page as it is read, so that an export of a long history never sits in memory whole.
/// </summary>
public static class ExportApi
{
    private const int PageSize = 500;

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/export/{what}", Export)
            .WithTags("Export")
            .WithName("export").WithSummary("Stream round trips, fills, orders, signals, decisions, cash flows or snapshots as CSV (format=csv) or NDJSON (format=ndjson), newest first.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task Export(string what, string? format, string? bot, HttpContext http, RoundTripHistory trips, Executions executions, DecisionLog decisions, AccountHistory account, CallerScope scope, IOptions<JsonOptions> json)
    {
        var csv = format switch
        {
            null or "" or "csv" => true,
            "ndjson" => false,
            _ => throw new TradebookException(ErrorCode.InvalidInput, $"format '{format}' is not csv or ndjson"),
        };
        Func<string?, Page<object>> page = what switch
        {
            "round-trips" => cursor => Box(trips.Page(scope, new RoundTripQuery(Bot: Query.Bot(bot), Limit: PageSize, Cursor: cursor))),
            "fills" => cursor => Box(executions.FillPage(scope, new ExecutionQuery(Bot: Query.Bot(bot), Limit: PageSize, Cursor: cursor))),
            "orders" => cursor => Box(executions.OrderPage(scope, new ExecutionQuery(Bot: Query.Bot(bot), Limit: PageSize, Cursor: cursor))),
            "signals" => cursor => Box(executions.SignalPage(scope, new ExecutionQuery(Bot: Query.Bot(bot), Limit: PageSize, Cursor: cursor))),
            "decisions" => cursor => Box(decisions.Page(scope, new DecisionQuery(Bot: Query.Bot(bot), Limit: PageSize, Cursor: cursor))),
            "cash-flows" => cursor => Box(account.CashFlowPage(scope, new ExecutionQuery(Bot: Query.Bot(bot), Limit: PageSize, Cursor: cursor))),
            "snapshots" => cursor => Box(account.SnapshotPage(scope, new ExecutionQuery(Bot: Query.Bot(bot), Limit: PageSize, Cursor: cursor))),
            _ => throw new TradebookException(ErrorCode.NotFound, $"nothing to export as '{what}'; export round-trips, fills, orders, signals, decisions, cash-flows or snapshots"),
        };

        // The first page is read before the status is sent, so that a bad request is still a 4xx.
        var current = page(null);
        http.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"tradebook-{what}.{(csv ? "csv" : "ndjson")}\"";
        var options = json.Value.SerializerOptions;
        var header = true;
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false));
        while (true)
        {
            foreach (var row in current.Items)
            {
                if (!csv)
                {
                    await writer.WriteLineAsync(JsonSerializer.Serialize(row, row.GetType(), options)).ConfigureAwait(false);
                    continue;
                }

                var fields = JsonSerializer.SerializeToElement(row, row.GetType(), options).EnumerateObject().ToList();
                if (header)
                {
                    await writer.WriteLineAsync(string.Join(',', fields.Select(f => Csv(f.Name)))).ConfigureAwait(false);
                    header = false;
                }

                await writer.WriteLineAsync(string.Join(',', fields.Select(f => Csv(Text(f.Value))))).ConfigureAwait(false);
            }

            await writer.FlushAsync(http.RequestAborted).ConfigureAwait(false);
            if (current.NextCursor is null)
            {
                break;
            }

            current = page(current.NextCursor);
        }
    }

    private static Page<object> Box<T>(Page<T> page)
        where T : notnull => new(page.Items.Cast<object>().ToList(), page.NextCursor);

    // A figure that cannot be known is an empty cell, never 0; the row's pnl_unknown, an object in JSON, is
    // one cell holding its reason code (unpriced_fills), so that a spreadsheet can filter on it.
    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => string.Empty,
        JsonValueKind.Object when value.TryGetProperty("reason", out var reason) => Text(reason),
        JsonValueKind.String => value.GetString()!,
        _ => value.GetRawText(),
    };

    // RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field that a
    // spreadsheet would run as a formula is prefixed with a quote mark.
    private static string Csv(string field)
    {
        if (field.Length > 0 && "=+-@".Contains(field[0], StringComparison.Ordinal) && !decimal.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            field = "'" + field;
        }

        return field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;
    }
}
