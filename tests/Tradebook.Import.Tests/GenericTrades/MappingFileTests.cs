using Tradebook.Import.Sources.GenericTrades;

namespace Tradebook.Import.Tests.GenericTrades;

/// <summary>A mapping file with a key it does not know is refused, naming the nearest: never silently ignored.</summary>
public sealed class MappingFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("tradebook-mapping-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Write(string json)
    {
        var path = Path.Combine(_folder.FullName, "map.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Theory]
    [InlineData("""{"tabel": "journal"}""", "unknown key \"tabel\"", "did you mean \"table\"")]
    [InlineData("""{"table": "journal", "colums": {"price": "px"}}""", "unknown key \"colums\"", "did you mean \"columns\"")]
    [InlineData("""{"columns": {"prise": "px"}}""", "unknown role \"prise\"", "did you mean \"price\"")]
    [InlineData("""{"Table": "journal"}""", "unknown key \"Table\"", "did you mean \"table\"")]
    public void an_unknown_key_is_refused_naming_the_nearest_known_one(string json, string named, string nearest)
    {
        var error = Assert.Throws<InvalidDataException>(() => TradeMapping.Load(Write(json)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains(nearest, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"table": "a", "table": "b"}""")]
    [InlineData("""{"columns": {"qty": "a", "quantity": "b"}}""")]
    public void a_key_or_role_given_twice_is_refused(string json)
    {
        Assert.Throws<InvalidDataException>(() => TradeMapping.Load(Write(json)));
    }

    [Fact]
    public void a_lone_surrogate_is_refused_not_a_crash()
    {
        Assert.Throws<InvalidDataException>(() => TradeMapping.Load(Write("""{"table": "\ud800"}""")));
    }

    // Found by MappingFileFuzzTests: a mapping that is not JSON escaped the import as a crash.
    [Theory]
    [InlineData("""{"table": "journal", }""")]
    [InlineData("{\"table\": \"journal")]
    [InlineData("")]
    public void a_mapping_that_is_not_json_is_refused_naming_its_line(string json)
    {
        var error = Assert.Throws<InvalidDataException>(() => TradeMapping.Load(Write(json)));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void a_documented_mapping_still_loads()
    {
        var mapping = TradeMapping.Load(Write("""{"table": "journal", "columns": {"symbol": "instr", "Quantity": "units"}, "bot": "b"}"""));

        Assert.Equal(("journal", "b", 2), (mapping.Table, mapping.Bot, mapping.Columns.Count));
    }
}
