namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>Recognises SQLite databases by their header, whatever the file is called.</summary>
internal static class SqliteFile
{
    private static readonly byte[] Magic = "SQLite format 3\0"u8.ToArray();

    public static bool HasSqliteHeader(string path) => ReadHeader(path) is { } header && header.AsSpan().SequenceEqual(Magic);

    /// <summary>Throws a clear error when <paramref name="path"/> is missing or not a SQLite database.</summary>
    public static void EnsureSqlite(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Source not found: {path}", path);
        }

        var header = ReadHeader(path);
        if (header is null || !header.AsSpan().SequenceEqual(Magic))
        {
            var shown = header is null ? "shorter than a SQLite header" : "starts with bytes " + Convert.ToHexStringLower(header.AsSpan(0, 4));
            throw new InvalidDataException($"{path} is not a SQLite database: the file {shown}, not \"SQLite format 3\".");
        }
    }

    private static byte[]? ReadHeader(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[Magic.Length];
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length ? buffer : null;
    }
}
