using System.Security.Cryptography;
using System.Text;

namespace Tradebook.Storage.Migrations;

/// <summary>One numbered schema change for one engine, with the script that undoes it.</summary>
public sealed record Migration(int Version, string Name, string UpSql, string? DownSql)
{
    /// <summary>SHA-256 of the up script with line endings normalised, so a checkout on Windows does not look edited.</summary>
    /// <remarks>Computed from <see cref="UpSql"/> on each read: an initialised property kept the old checksum through a <c>with</c> copy.</remarks>
    public string Checksum => ChecksumOf(UpSql);

    /// <summary>The first 12 characters of a checksum, as shown to a user; a shorter (damaged) one whole.</summary>
    public static string Short(string checksum) => checksum.Length > 12 ? checksum[..12] : checksum;

    public static string ChecksumOf(string sql)
    {
        var normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimEnd();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}
