using System.Text.Json;
using Spectre.Console;
using Tradebook.Core;

namespace Tradebook.Cli;

/// <summary>Where a command writes: tables or JSON on stdout, the database line and errors on stderr; and its stdin.</summary>
public sealed class CliConsole(TextWriter output, TextWriter error, Stream? input = null)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public IAnsiConsole Ansi { get; } = CreateAnsi(output);

    /// <summary>The bytes of stdin, undecoded: a reader decides how they are text.</summary>
    public Stream OpenInput() => input ?? Console.OpenStandardInput();

    private static IAnsiConsole CreateAnsi(TextWriter output)
    {
        var terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });

        // Piped output has no terminal width; wide enough that tables are not folded into columns of letters.
        if (!terminal)
        {
            ansi.Profile.Width = 240;
        }

        return ansi;
    }

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, JsonOutput.Options));

    /// <summary>Runs a command body, turning expected failures into one actionable line and an exit code.</summary>
    public int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (TradebookException e)
        {
            Error.WriteLine($"error: {Output.RemedyText.Of(e)}");
            return ExitCodes.For(e.Code);
        }
        catch (IOException e) when ((e.HResult & 0xFFFF) == 28)
        {
            Error.WriteLine($"error: the disk is full ({e.Message}); nothing was written");
            return ExitCodes.ReadOnlyOrFull;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
