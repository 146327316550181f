using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tradebook.Bench;

/// <summary>
/// One keep-alive HTTP/1.1 connection of <c>tradebook bench api</c>'s load generator: it posts a JSON
/// body and reads the whole answer (by Content-Length or chunks), and no more. The load runs on the
/// same two cores as the server it measures, so its clients are as lean as a load tool's (wrk, h2load)
/// rather than HttpClient's general machinery, which spent about a quarter of the machine's CPU here.
/// </summary>
internal sealed class LoopbackConnection : IDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private readonly Socket _socket;
    private readonly string _host;
    private readonly byte[] _send = new byte[8 * 1024];
    private readonly byte[] _receive = new byte[16 * 1024];
    private int _start;
    private int _end;

    private LoopbackConnection(Socket socket, string host)
    {
        _socket = socket;
        _host = host;
    }

    public static async Task<LoopbackConnection> Open(Uri address)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(address.Host), address.Port));
        return new LoopbackConnection(socket, address.Authority);
    }

    /// <summary>Posts <paramref name="json"/> to <paramref name="path"/>; returns the answer's status code once the whole answer is read.</summary>
    public async Task<int> Post(string path, ReadOnlyMemory<byte> json)
    {
        var length = Encoding.ASCII.GetBytes($"POST {path} HTTP/1.1\r\nHost: {_host}\r\nContent-Type: application/json\r\nContent-Length: {json.Length}\r\n\r\n", _send);
        json.Span.CopyTo(_send.AsSpan(length));
        await _socket.SendAsync(_send.AsMemory(0, length + json.Length));

        var headerLength = await ReadUntil(HeaderEnd);
        var header = Encoding.ASCII.GetString(_receive, _start, headerLength);
        _start += headerLength + HeaderEnd.Length;
        var status = int.Parse(header.AsSpan(9, 3), provider: System.Globalization.CultureInfo.InvariantCulture);
        if (HeaderValue(header, "content-length") is { } contentLength)
        {
            await Skip(int.Parse(contentLength, System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (HeaderValue(header, "transfer-encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            await SkipChunks();
        }

        return status;
    }

    public void Dispose() => _socket.Dispose();

    private static string? HeaderValue(string header, string name)
    {
        foreach (var line in header.Split("\r\n"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private async Task SkipChunks()
    {
        while (true)
        {
            var lineLength = await ReadUntil("\r\n"u8.ToArray());
            var sizeText = _receive.AsSpan(_start, lineLength);
            var semicolon = sizeText.IndexOf((byte)';');
            if (!Utf8Parser.TryParse(semicolon < 0 ? sizeText : sizeText[..semicolon], out int size, out _, 'x'))
            {
                throw new InvalidOperationException("the server's chunked answer has a malformed chunk size");
            }

            _start += lineLength + 2;
            await Skip(size + 2);
            if (size == 0)
            {
                return;
            }
        }
    }

    /// <summary>Reads until the unread bytes hold <paramref name="marker"/>; returns how many bytes come before it.</summary>
    private async Task<int> ReadUntil(byte[] marker)
    {
        while (true)
        {
            var found = _receive.AsSpan(_start, _end - _start).IndexOf(marker);
            if (found >= 0)
            {
                return found;
            }

            await Fill();
        }
    }

    private async Task Skip(int count)
    {
        while (_end - _start < count)
        {
            count -= _end - _start;
            _start = _end;
            await Fill();
        }

        _start += count;
    }

    private async Task Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_receive, _start, _receive, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _receive.Length)
        {
            throw new InvalidOperationException("the server's answer has a header longer than the load generator reads");
        }

        var read = await _socket.ReceiveAsync(_receive.AsMemory(_end));
        if (read == 0)
        {
            throw new IOException("the server closed the connection");
        }

        _end += read;
    }
}
