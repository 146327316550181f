using System.Text.Json;

namespace Tradebook.Cli.Tests.Support;

/// <summary>What one in-process run of the CLI produced.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Out);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}
