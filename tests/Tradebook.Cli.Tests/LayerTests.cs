using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Tradebook.Cli.Tests;

/// <summary>The layers of docs/architecture.md, checked on the built assemblies rather than on their source text.</summary>
public sealed class LayerTests
{
    public static TheoryData<string> AssembliesAboveStorage => new()
    {
        typeof(Tradebook.Core.TradebookException).Assembly.Location,
        typeof(Tradebook.Import.Doctor.DoctorScanner).Assembly.Location,
        typeof(Tradebook.Records.RecordParser).Assembly.Location,
        typeof(Tradebook.Server.Hosting.ApiProblems).Assembly.Location,
        typeof(TradebookCli).Assembly.Location,
    };

    [Theory]
    [MemberData(nameof(AssembliesAboveStorage))]
    public void only_storage_binds_sqlite_raw(string assembly)
    {
        Assert.DoesNotContain(TypesReferenced(assembly), t => t.StartsWith("SQLitePCL", StringComparison.Ordinal));
    }

    [Fact]
    public void storage_does_bind_sqlite_raw_so_the_check_can_see_it()
    {
        Assert.Contains(TypesReferenced(typeof(Tradebook.Storage.Sqlite.SqliteRows).Assembly.Location), t => t.StartsWith("SQLitePCL", StringComparison.Ordinal));
    }

    private static List<string> TypesReferenced(string assembly)
    {
        using var file = File.OpenRead(assembly);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        return [.. metadata.TypeReferences.Select(h => metadata.GetTypeReference(h))
            .Select(t => $"{metadata.GetString(t.Namespace)}.{metadata.GetString(t.Name)}")];
    }
}
