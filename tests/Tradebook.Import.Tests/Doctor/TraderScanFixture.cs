using System.Text.Json;
using Tradebook.Import.Doctor;

namespace Tradebook.Import.Tests.Doctor;

/// <summary>Scans a copy of the trader sample once for all trader tests; holds the expected figures.</summary>
public sealed class TraderScanFixture : IDisposable
{
    private readonly DoctorTestFolder _folder;

    public TraderScanFixture()
    {
        _folder = DoctorTestFolder.CopyOf("trader");
        Report = DoctorScanner.Scan([_folder.Root], DoctorTestFolder.Clock);
        Expected = JsonDocument.Parse(File.ReadAllText(DoctorTestFolder.Sample("trader-expected.json"))).RootElement.GetProperty("figures").Clone();
    }

    public DoctorReport Report { get; }

    public JsonElement Expected { get; }

    public string Root => _folder.Root;

    public string PathOf(string relative) => _folder.PathOf(relative);

    public DatabaseReport Database(string relative) => Report.Databases.Single(d => d.RelativePath == relative);

    public void Dispose() => _folder.Dispose();
}
