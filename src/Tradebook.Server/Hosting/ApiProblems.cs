using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tradebook.Core;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Turns every expected failure into an RFC 9457 problem with a stable <c>code</c> and a detail a user
/// can act on: bad input is a 4xx and never a 500. Anything else is a bug and stays a 500.
/// </summary>
public sealed class ApiProblems(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>When a 503's client should try again: a lock held by another writer is usually gone within a second.</summary>
    private const string RetryAfterSeconds = "1";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, code, detail) = exception switch
        {
            TradebookException e => (StatusOf(e.Code), CodeOf(e.Code), RemedyText.Of(e)),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge, "body_too_large", "the request body is larger than this server accepts; send fewer records per request"),
            BadHttpRequestException { InnerException: JsonException json } => (StatusCodes.Status400BadRequest, "invalid_input", $"{BodyBinding.Explain(json, BodyType(httpContext), BodyOptions(httpContext))}; nothing was written"),
            BadHttpRequestException e when QueryBinding.Explain(e.Message) is { } explained => (StatusCodes.Status400BadRequest, "invalid_input", explained),
            BadHttpRequestException e when QueryBinding.IsMissingBody(e.Message) => (StatusCodes.Status400BadRequest, "invalid_input", $"{httpContext.Request.Method} {httpContext.Request.Path} needs a JSON body, and none was sent (docs/api.md and /scalar/ show its fields); nothing was written"),
            BadHttpRequestException e => (e.StatusCode, "bad_request", e.Message),
            JsonException e => (StatusCodes.Status400BadRequest, "invalid_input", $"malformed JSON: {e.Message}"),
            OverflowException => (StatusCodes.Status400BadRequest, "invalid_input", "a number in the request is too large to compute with; nothing was written"),
            _ => (0, string.Empty, string.Empty),
        };
        if (status == 0)
        {
            return false;
        }

        Answer(httpContext, status);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = Problem(status, code, detail),
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The type the endpoint reads its body into, as the framework bound it; the exception handler clears the request's
    /// endpoint, and keeps the one that failed in its feature.
    /// </summary>
    private static Type? BodyType(HttpContext context) =>
        (context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint())?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;

    private static JsonSerializerOptions BodyOptions(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

    /// <summary>Answers <paramref name="context"/> with a problem, from a middleware that ends the request.</summary>
    public static Task Write(HttpContext context, int status, string code, string detail)
    {
        ArgumentNullException.ThrowIfNull(context);
        Answer(context, status);
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Problem(status, code, detail),
        }).AsTask();
    }

    /// <summary>
    /// Sets the status; a 503 (the store locked by another writer, or the server stopping) also says when to try
    /// again, so that an HTTP library that honours Retry-After backs off instead of failing or hammering.
    /// </summary>
    private static void Answer(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
    }

    public static ProblemDetails Problem(int status, string code, string detail) => new()
    {
        Status = status,
        Title = code.Replace('_', ' '),
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    public static int StatusOf(ErrorCode code) => code switch
    {
        ErrorCode.InvalidInput or ErrorCode.UnknownOrder or ErrorCode.ConstraintViolation => StatusCodes.Status400BadRequest,
        ErrorCode.UnknownBot or ErrorCode.NotFound => StatusCodes.Status404NotFound,
        ErrorCode.Conflict or ErrorCode.ModeMismatch => StatusCodes.Status409Conflict,
        ErrorCode.DiskFull => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>The code of a problem the framework answers itself (an unknown route, a wrong method or content type).</summary>
    public static string CodeOfStatus(int status) => status switch
    {
        StatusCodes.Status404NotFound => "not_found",
        StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "body_too_large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported_media_type",
        >= 500 => "server_error",
        _ => "bad_request",
    };

    /// <summary>
    /// What to do about a problem the framework answers itself, which comes with a status and no detail: the
    /// operations that exist, the methods a path takes, the content type a body needs.
    /// </summary>
    public static string? DetailOfStatus(HttpContext context, int status)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = $"{context.Request.Method} {context.Request.Path}";
        return status switch
        {
            StatusCodes.Status404NotFound => $"{request} is not an operation of this server{EmptySegment(context.Request.Path)}; they are listed at /openapi/v1.json and browsable at /scalar/",
            StatusCodes.Status405MethodNotAllowed => $"{request} is not an operation of this server; {context.Request.Path} takes {context.Response.Headers.Allow}{ReadInstead(context.Request)}",
            StatusCodes.Status415UnsupportedMediaType => $"{request} takes a JSON body, sent with Content-Type: application/json; this one was {(string.IsNullOrEmpty(context.Request.ContentType) ? "sent without a Content-Type" : $"'{context.Request.ContentType}'")}; nothing was written",
            _ => null,
        };
    }

    /// <summary>
    /// What a path with an empty segment most likely is: a client's base URL that ends in "/" joined to a path that
    /// starts with one.
    /// </summary>
    private static string EmptySegment(PathString path) =>
        path.Value?.Contains("//", StringComparison.Ordinal) == true
            ? ": its path has an empty segment (//), as when a base URL ending in / is joined to a path starting with /"
            : string.Empty;

    /// <summary>
    /// Where a bot's rows are read, for a GET of the path that writes them (<c>/api/v1/bots/momentum/fills</c>):
    /// reads take the bot as a filter, beside every other bot's.
    /// </summary>
    private static string ReadInstead(HttpRequest request)
    {
        var segments = request.Path.Value?.Trim('/').Split('/') ?? [];
        if (!HttpMethods.IsGet(request.Method) || segments is not ["api", "v1", "bots", var bot, var kind])
        {
            return string.Empty;
        }

        var read = kind switch
        {
            "fills" or "orders" or "signals" or "decisions" or "cash-flows" or "snapshots" => $"GET /api/v1/{kind}?bot={bot}",
            _ => null,
        };
        return read is null ? string.Empty : $"; its rows are read with {read}";
    }

    public static string CodeOf(ErrorCode code) => JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString());
}
