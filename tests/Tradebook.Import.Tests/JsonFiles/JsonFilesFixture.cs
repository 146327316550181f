using Tradebook.Import.Sources;
using Tradebook.Import.Sources.JsonFiles;

namespace Tradebook.Import.Tests.JsonFiles;

/// <summary>Reads the JSON-files sample once for all tests of a class.</summary>
public sealed class JsonFilesFixture
{
    public static string SampleFolder => Path.Combine(AppContext.BaseDirectory, "TestData", "jsonfiles");

    public JsonFilesImport Import { get; } = new JsonFilesReader().ReadDetailed(SampleFolder, new ImportOptions(BotName: "sentiment"));
}
