using Microsoft.Extensions.Time.Testing;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Tests.Doctor;

/// <summary>A private copy of a doctor sample folder (or an empty folder) in a temp directory; deleted on dispose.</summary>
internal sealed class DoctorTestFolder : IDisposable
{
    public static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 11, 21, 0, 0, 0, TimeSpan.Zero));

    private DoctorTestFolder(string root) => Root = root;

    public string Root { get; }

    public static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "doctor", name);

    public static DoctorTestFolder Empty() => new(Directory.CreateTempSubdirectory("tradebook-doctor-test-").FullName);

    public static DoctorTestFolder CopyOf(string sample)
    {
        var folder = Empty();
        CopyTree(Sample(sample), folder.Root);
        return folder;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Every file under the folder with the SHA-256 of its bytes.</summary>
    public SortedDictionary<string, string> Hashes()
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            result[Path.GetRelativePath(Root, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return result;
    }

    /// <summary>Creates a SQLite database at <paramref name="relative"/> by running <paramref name="sql"/>.</summary>
    public string CreateDatabase(string relative, string sql)
    {
        SqliteBootstrap.EnsureInitialized();
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleaning.
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
