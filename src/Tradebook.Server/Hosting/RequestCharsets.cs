using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Tradebook.Core;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Request bodies are read as UTF-8. A body whose Content-Type declares another character set that .NET reads
/// (<c>utf-16</c>, <c>utf-32</c>, <c>iso-8859-1</c>…) is decoded from it and handed on as UTF-8, so that what
/// a client wrote is what is recorded; read as UTF-8 regardless, a UTF-16 body failed with "'0x00' is an invalid
/// start of a property name", and a Latin-1 <c>é</c> was refused as invalid UTF-8. A character set .NET does
/// not know is a 415 that names it; bytes that are not valid in the declared set are a 400.
/// </summary>
internal static class RequestCharsets
{
    public static IApplicationBuilder UseRequestCharsets(this IApplicationBuilder app, long maxBodyBytes) =>
        app.Use(async (context, next) =>
        {
            if (DeclaredCharset(context.Request.ContentType) is not { } charset || IsUtf8(charset))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            Encoding encoding;
            try
            {
                encoding = Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException)
            {
                await ApiProblems.Write(
                    context,
                    StatusCodes.Status415UnsupportedMediaType,
                    "unsupported_media_type",
                    $"this server does not read a request body in the character set '{charset}': send UTF-8 (or UTF-16, UTF-32, ISO-8859-1); nothing was written").ConfigureAwait(false);
                return;
            }

            using var declared = new MemoryStream();
            await context.Request.Body.CopyToAsync(declared, context.RequestAborted).ConfigureAwait(false);
            string text;
            try
            {
                text = encoding.GetString(declared.GetBuffer(), 0, (int)declared.Length);
            }
            catch (DecoderFallbackException)
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"the request body is not valid {charset} text, as its Content-Type says it is; nothing was written");
            }

            var body = Encoding.UTF8.GetBytes(text);
            if (body.Length > maxBodyBytes)
            {
                throw new BadHttpRequestException("the request body, as UTF-8, is larger than this server accepts", StatusCodes.Status413PayloadTooLarge);
            }

            context.Request.Body = new MemoryStream(body, writable: false);
            context.Request.ContentLength = body.Length;
            context.Request.ContentType = WithUtf8(context.Request.ContentType!);
            await next(context).ConfigureAwait(false);
        });

    private static string? DeclaredCharset(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.Charset.HasValue && parsed.Charset.Length > 0
            ? parsed.Charset.Value!.Trim('"').Trim()
            : null;

    // US-ASCII is a subset of UTF-8: its bytes read the same.
    private static bool IsUtf8(string charset) =>
        charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
        || charset.Equals("us-ascii", StringComparison.OrdinalIgnoreCase) || charset.Equals("ascii", StringComparison.OrdinalIgnoreCase);

    private static string WithUtf8(string contentType)
    {
        var parsed = MediaTypeHeaderValue.Parse(contentType);
        parsed.Charset = "utf-8";
        return parsed.ToString();
    }
}
