using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Request bodies may come compressed, as a bot sending a large batch would send them: with
/// <c>Content-Encoding</c> gzip, br or deflate, the body is decompressed whole before an endpoint reads it
/// (<see cref="CompressedBody"/>), within the server's body limit counted on the decompressed bytes (more is a 413).
/// Any other encoding, or several stacked, is a 415 that names it, before an endpoint could read compressed
/// bytes as JSON.
/// </summary>
internal static class RequestEncodings
{
    public static IApplicationBuilder UseRequestEncodings(this IApplicationBuilder app, long maxBodyBytes) =>
        app.Use(async (context, next) =>
        {
            var encoding = context.Request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
            if (encoding.Length == 0 || encoding == "identity")
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (!CompressedBody.Encodings.Contains(encoding))
            {
                await ApiProblems.Write(
                    context,
                    StatusCodes.Status415UnsupportedMediaType,
                    "unsupported_media_type",
                    $"this server does not read a request body with Content-Encoding '{context.Request.Headers.ContentEncoding}': send it uncompressed, or compressed once with gzip, br or deflate; nothing was written").ConfigureAwait(false);
                return;
            }

            // Kestrel's limit bounds the compressed bytes as they arrive; the decoder bounds what they expand to.
            using var compressed = new MemoryStream();
            await context.Request.Body.CopyToAsync(compressed, context.RequestAborted).ConfigureAwait(false);
            compressed.Position = 0;
            var body = CompressedBody.Decode(encoding, compressed, maxBodyBytes);
            context.Request.Body = new MemoryStream(body, writable: false);
            context.Request.Headers.ContentEncoding = default;
            context.Request.ContentLength = body.Length;
            await next(context).ConfigureAwait(false);
        });
}
