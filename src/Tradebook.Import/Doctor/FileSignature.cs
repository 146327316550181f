using System.Buffers.Binary;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Doctor;

/// <summary>The first bytes of a file, read once, telling SQLite from other formats by content, never by name.</summary>
internal sealed record FileSignature(byte[] Head, long Length)
{
    private static readonly byte[] SqliteMagic = "SQLite format 3\0"u8.ToArray();

    /// <summary>Extensions people give database files; such a file that is not SQLite is worth reporting.</summary>
    private static readonly string[] DatabaseExtensions = [".db", ".sqlite", ".sqlite3", ".db3", ".s3db", ".sl3"];

    /// <summary>The SQLite header, when the file has a whole one.</summary>
    public SqliteFileHeader? Header => SqliteFileHeader.Parse(Head);

    public bool IsSqlite => Head.Length >= 16 && Head.AsSpan(0, 16).SequenceEqual(SqliteMagic);

    public string MagicHex => Convert.ToHexStringLower(Head.AsSpan(0, Math.Min(4, Head.Length)));

    /// <summary>Page size from the header (the value 1 means 65536).</summary>
    public long PageSize
    {
        get
        {
            if (Head.Length < 18)
            {
                return 0;
            }

            var raw = BinaryPrimitives.ReadUInt16BigEndian(Head.AsSpan(16, 2));
            return raw == 1 ? 65536 : raw;
        }
    }

    /// <summary>Read and write format versions 2 mean the database is in WAL mode.</summary>
    public bool HeaderSaysWal => Head.Length >= 20 && (Head[18] == 2 || Head[19] == 2);

    /// <summary>The database size in pages written in the header (0 when not recorded by old writers).</summary>
    public long HeaderPageCount => Head.Length >= 32 ? BinaryPrimitives.ReadUInt32BigEndian(Head.AsSpan(28, 4)) : 0;

    public static bool HasDatabaseExtension(string path) =>
        DatabaseExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>True for the companion files SQLite keeps beside a database; they are reported with it.</summary>
    public static bool IsCompanion(string path) =>
        path.EndsWith("-wal", StringComparison.Ordinal) || path.EndsWith("-shm", StringComparison.Ordinal)
        || path.EndsWith("-journal", StringComparison.Ordinal);

    /// <summary>Reads the first 100 bytes (the SQLite header). Empty files are not opened at all: a pipe looks empty and would block a reader.</summary>
    public static FileSignature Read(string path)
    {
        var info = new FileInfo(path);
        var length = info.Length;
        if (length == 0)
        {
            return new FileSignature([], 0);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[(int)Math.Min(100, length)];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return new FileSignature(buffer[..read], length);
    }

    private bool IsBerkeleyDb()
    {
        if (Head.Length < 16)
        {
            return false;
        }

        // Berkeley DB keeps its magic number at offset 12, in either byte order.
        var magic = Convert.ToHexStringLower(Head.AsSpan(12, 4));
        return magic is "00053162" or "62310500" or "00061561" or "61150600" or "00042253" or "53220400";
    }

    /// <summary>A guess at the format of a non-SQLite file, from well-known magic numbers.</summary>
    public string? LooksLike()
    {
        if (Length == 0)
        {
            return "empty file";
        }

        var hex = Convert.ToHexStringLower(Head.AsSpan(0, Math.Min(8, Head.Length)));
        return hex switch
        {
            _ when hex.StartsWith("ce9a5713", StringComparison.Ordinal) || hex.StartsWith("cd9a5713", StringComparison.Ordinal)
                || hex.StartsWith("cf9a5713", StringComparison.Ordinal) || hex.StartsWith("13579ac", StringComparison.Ordinal)
                => "GNU dbm (Python shelve/dbm)",
            _ when hex.StartsWith("504b0304", StringComparison.Ordinal) => "zip archive",
            _ when hex.StartsWith("1f8b", StringComparison.Ordinal) => "gzip archive",
            _ when IsBerkeleyDb() => "Berkeley DB (Python bsddb/dbm)",
            _ when Head.All(b => b == 0) => "zero-filled",
            _ when Head.All(b => b is 9 or 10 or 13 || (b >= 32 && b < 127)) => "text",
            _ => null,
        };
    }
}
