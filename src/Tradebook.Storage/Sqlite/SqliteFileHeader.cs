using System.Buffers.Binary;

namespace Tradebook.Storage.Sqlite;

/// <summary>
/// The 100-byte header at the start of every SQLite database file (sqlite.org/fileformat.html), read
/// from the bytes alone: nothing is opened through SQLite, so a stranger's file cannot change it.
/// </summary>
/// <param name="PageSize">Bytes per page (the stored value 1 means 65,536).</param>
/// <param name="WriteVersion">File format write version: 1 for a rollback journal, 2 for WAL.</param>
/// <param name="ReadVersion">File format read version: 1 for a rollback journal, 2 for WAL.</param>
/// <param name="ChangeCounter">Incremented by each transaction that changes the file (not kept up in WAL mode).</param>
/// <param name="SchemaFormat">Schema format number, 1 to 4; 4 is the default since SQLite 3.7.10.</param>
/// <param name="VersionValidFor">The change counter when <paramref name="WrittenByNumber"/> was stored.</param>
/// <param name="WrittenByNumber">SQLITE_VERSION_NUMBER of the library that last wrote the file (offset 96), 0 when none did.</param>
public sealed record SqliteFileHeader(
    long PageSize,
    int WriteVersion,
    int ReadVersion,
    uint ChangeCounter,
    uint SchemaFormat,
    uint VersionValidFor,
    int WrittenByNumber)
{
    public const int Length = 100;

    private static ReadOnlySpan<byte> Magic => "SQLite format 3\0"u8;

    /// <summary>The SQLite version that last wrote the file, e.g. <c>3.31.1</c>; null when the header records none.</summary>
    public string? WrittenBy => SqliteLibrary.FormatVersionNumber(WrittenByNumber);

    /// <summary>The header in <paramref name="head"/> (the file's first bytes), or null when they are not a SQLite header.</summary>
    public static SqliteFileHeader? Parse(ReadOnlySpan<byte> head)
    {
        if (head.Length < Length || !head[..Magic.Length].SequenceEqual(Magic))
        {
            return null;
        }

        var pageSize = BinaryPrimitives.ReadUInt16BigEndian(head[16..]);
        return new SqliteFileHeader(
            pageSize == 1 ? 65_536 : pageSize,
            head[18],
            head[19],
            BinaryPrimitives.ReadUInt32BigEndian(head[24..]),
            BinaryPrimitives.ReadUInt32BigEndian(head[44..]),
            BinaryPrimitives.ReadUInt32BigEndian(head[92..]),
            BinaryPrimitives.ReadInt32BigEndian(head[96..]));
    }

    /// <summary>The header of the file at <paramref name="path"/>, or null when it is shorter than a header or not SQLite.</summary>
    public static SqliteFileHeader? Read(string path)
    {
        Span<byte> head = stackalloc byte[Length];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return stream.ReadAtLeast(head, Length, throwOnEndOfStream: false) == Length ? Parse(head) : null;
    }
}
