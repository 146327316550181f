using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tradebook.Server.Hosting;

/// <summary>
/// HEAD answered wherever GET is (RFC 9110 §9.3.2): the request is routed as the GET it mirrors, its body is
/// counted and dropped, and the count is sent as Content-Length. Minimal APIs route HEAD nowhere on their own,
/// so a monitor's or a link checker's probe met a 405 on every read.
/// </summary>
internal static class HeadRequests
{
    private static readonly object Marker = new();

    /// <summary>True when the request arrived as HEAD (it is routed as GET): a handler that would stream skips it.</summary>
    public static bool IsHead(HttpContext context) => context.Items.ContainsKey(Marker);

    /// <summary>Runs before routing, so that a HEAD request finds its GET endpoint.</summary>
    public static IApplicationBuilder UseHeadRequests(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            context.Items[Marker] = true;
            context.Request.Method = HttpMethods.Get;
            var original = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            var counter = new CountingStream();
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(counter, original));
            try
            {
                await next(context).ConfigureAwait(false);
                // Nothing written (an empty body, or a stream that HEAD skips) gets no length: the GET's has none either.
                if (!context.Response.HasStarted && context.Response.ContentLength is null && counter.Length > 0)
                {
                    context.Response.ContentLength = counter.Length;
                }
            }
            finally
            {
                context.Features.Set(original);
                context.Request.Method = HttpMethods.Head;
            }
        });

    /// <summary>A body that is measured, never sent.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
