using Tradebook.Import.Sources;
using Tradebook.Import.Sources.Fragmented;

namespace Tradebook.Import.Tests.Fragmented;

/// <summary>Reads the fragmented sample once with its WAL, and once from a copy without the WAL companions.</summary>
public sealed class FragmentedFixture
{
    public FragmentedFixture()
    {
        WithWal = new FragmentedReader().ReadDetailed(SampleFolder, new ImportOptions());
        var copy = Directory.CreateTempSubdirectory("tradebook-test-").FullName;
        foreach (var file in Directory.EnumerateFiles(SampleFolder, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith("-wal", StringComparison.Ordinal) || file.EndsWith("-shm", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(copy, Path.GetRelativePath(SampleFolder, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        WithoutWal = new FragmentedReader().ReadDetailed(copy, new ImportOptions());
    }

    public static string SampleFolder => Path.Combine(AppContext.BaseDirectory, "TestData", "fragmented");

    public FragmentedImport WithWal { get; }

    public FragmentedImport WithoutWal { get; }
}
