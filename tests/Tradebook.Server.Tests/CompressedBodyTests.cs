using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

public sealed class SqliteCompressedBodyTests() : CompressedBodyTests(StorageEngine.Sqlite);

public sealed class PostgresCompressedBodyTests() : CompressedBodyTests(StorageEngine.Postgres), IPostgresTests;

/// <summary>
/// A bot that sends a large batch compressed (<c>Content-Encoding: gzip</c>, <c>br</c> or <c>deflate</c>) is
/// recorded as if it had sent it plain; a body that is not what its encoding says, that expands past the
/// server's limit, or that names an encoding the server does not know is a 4xx problem and writes nothing.
/// </summary>
public abstract class CompressedBodyTests(StorageEngine engine) : ServerTest(engine)
{
    private const int Limit = 64 * 1024;

    protected override ServerOptions Options => RunningServer.Fast with { MaxBodyBytes = Limit };

    public static TheoryData<string> Paths => new() { "/api/v1/records", "/api/v1/bots/alpha/fills" };

    [StorageTheory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task a_compressed_body_is_recorded_as_the_same_body_sent_plain(string encoding)
    {
        await Server.AddBot("alpha");

        var records = await Post("/api/v1/records", Compress(encoding, Fills(2, bot: "alpha")), encoding);
        var typed = await Post("/api/v1/bots/alpha/fills", Compress(encoding, Fills(3, from: 2)), encoding);

        Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        Assert.Equal(HttpStatusCode.OK, typed.StatusCode);
        Assert.Equal(5, Db.Count("fills"));
    }

    [StorageTheory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task a_body_that_is_not_what_its_encoding_says_or_is_cut_short_is_a_400_that_names_it_and_writes_nothing(string encoding)
    {
        await Server.AddBot("alpha");
        var sent = new List<(string Path, byte[] Body, string ContentType)>
        {
            ("/api/v1/records", Encoding.UTF8.GetBytes(Fills(1, bot: "alpha")), "application/json"),
            ("/api/v1/bots/alpha/fills", Encoding.UTF8.GetBytes(Fills(1)), "application/json"),
        };

        // Cut short at lengths throughout, and at each of the last bytes: a body of JSON Lines cut where a
        // line ends would otherwise record the lines before the cut as if they were the whole request.
        var whole = Compress(encoding, NdJson(300, "alpha"));
        sent.AddRange(Enumerable.Range(1, whole.Length - 1).Where(n => n % 7 == 0 || n > whole.Length - 12).Select(n => ("/api/v1/records", whole[..n], "application/x-ndjson")));
        foreach (var (path, body, contentType) in sent)
        {
            var detail = await Problems.Expect(await Post(path, body, encoding, contentType), HttpStatusCode.BadRequest, "invalid_input");
            Assert.True(detail.Contains(encoding, StringComparison.Ordinal), $"{path}, {body.Length} of {whole.Length} bytes: {detail}");
        }

        Assert.Equal(300, (await Post("/api/v1/records", whole, encoding, "application/x-ndjson")).StatusCode == HttpStatusCode.OK ? Db.Count("fills") : -1);
    }

    [StorageFact]
    public async Task a_gzip_body_of_several_members_is_a_400_that_says_so_and_writes_nothing()
    {
        await Server.AddBot("alpha");
        var lines = NdJson(4, "alpha").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var body = Compress("gzip", lines[0] + "\n" + lines[1] + "\n").Concat(Compress("gzip", lines[2] + "\n" + lines[3] + "\n")).ToArray();

        var detail = await Problems.Expect(await Post("/api/v1/records", body, "gzip", "application/x-ndjson"), HttpStatusCode.BadRequest, "invalid_input");

        Assert.Contains("one gzip member", detail, StringComparison.Ordinal);
        Assert.Equal(0, Db.Count("fills"));
    }

    [StorageTheory]
    [MemberData(nameof(Paths))]
    public async Task a_compressed_body_that_expands_past_the_limit_is_a_413_that_writes_nothing(string path)
    {
        await Server.AddBot("alpha");
        var bot = path.EndsWith("records", StringComparison.Ordinal) ? "alpha" : null;
        var large = Fills(5_000, bot: bot);
        Assert.True(Encoding.UTF8.GetByteCount(large) > 4 * Limit);
        var compressed = Compress("gzip", large);
        Assert.True(compressed.Length < Limit);

        await Problems.Expect(await Post(path, compressed, "gzip"), HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        Assert.Equal(0, Db.Count("fills"));
    }

    [StorageTheory]
    [InlineData("compress")]
    [InlineData("gzip, br")]
    [InlineData("x-tradebook")]
    public async Task an_encoding_the_server_does_not_know_is_a_415_that_names_it_and_writes_nothing(string encoding)
    {
        await Server.AddBot("alpha");

        var response = await Post("/api/v1/bots/alpha/fills", Encoding.UTF8.GetBytes(Fills(1)), encoding);

        var detail = await Problems.Expect(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Contains(encoding, detail, StringComparison.Ordinal);
        Assert.Equal(0, Db.Count("fills"));
    }

    /// <summary>An array of <paramref name="count"/> fills, numbered from <paramref name="from"/>; each names <paramref name="bot"/> when given.</summary>
    private static string Fills(int count, int from = 0, string? bot = null) =>
        "[" + string.Join(',', Enumerable.Range(from, count).Select(i =>
            $$"""{{{(bot is null ? "" : $"\"kind\":\"fill\",\"bot\":\"{bot}\",")}}"id":"f{{i}}","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:{{i % 60:00}}Z"}""")) + "]";

    private static string NdJson(int count, string bot) =>
        string.Concat(Enumerable.Range(0, count).Select(i =>
            $$"""{"kind":"fill","bot":"{{bot}}","id":"n{{i}}","symbol":"BTC/USDT","side":"buy","qty":"1","price":"100","ts":"2026-12-01T10:00:{{i % 60:00}}Z"}""" + "\n"));

    private static byte[] Compress(string encoding, string text)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "br" => new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        })
        {
            compressor.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    private async Task<HttpResponseMessage> Post(string path, byte[] body, string encoding, string contentType = "application/json")
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Headers.TryAddWithoutValidation("Content-Encoding", encoding);
        return await Server.Http.PostAsync(new Uri(path, UriKind.Relative), content);
    }
}
