using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Tradebook.Cli.Tests.Import;

/// <summary>Importing never changes a source: every file beside it (a -wal and -shm included) is byte for byte what it was, and none is added or removed.</summary>
public sealed class SourceUntouchedTests
{
    [Theory]
    [MemberData(nameof(ReimportAndRollbackTests.Samples), MemberType = typeof(ReimportAndRollbackTests))]
    public void importing_a_sample_leaves_its_files_byte_identical(string[] sample)
    {
        using var workspace = new SampleWorkspace();
        var sources = sample.Select(workspace.Sample).ToArray();
        var before = Snapshot(workspace.Samples);

        var result = workspace.Run(["import", .. sources, "--no-backup"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Snapshot(workspace.Samples));
    }

    /// <summary>Every file under the folder, by relative path, with the SHA-256 of its bytes.</summary>
    private static SortedDictionary<string, string> Snapshot(string folder) =>
        new(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))), StringComparer.Ordinal);
}
