using Spectre.Console;
using Tradebook.Import.Workflow;

namespace Tradebook.Cli.Output;

/// <summary>
/// Progress bars on stderr while an import reads and writes, one line per step. Drawn only when stderr is a
/// terminal: redirected output (scripts, tests, logs) gets nothing extra. The backup taken is always said on stderr.
/// </summary>
internal sealed class ImportProgress(CliConsole console) : IImportProgress
{
    /// <summary>
    /// Runs <paramref name="steps"/> in order, each under its own bar: a step with a total gets a bar that fills as
    /// its work reports the amount done; one without pulses until it is done.
    /// </summary>
    public IReadOnlyList<T> Run<T>(IReadOnlyList<ImportStep<T>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (!Shown(console))
        {
            return steps.Select(s => s.Work(_ => { })).ToList();
        }

        var results = new List<T>(steps.Count);
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        terminal.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = steps.Select(s => context.AddTask(Markup.Escape(s.Description), autoStart: false)).ToList();
                for (var i = 0; i < steps.Count; i++)
                {
                    var task = tasks[i];
                    task.StartTask();
                    if (steps[i].Total is > 0 and var total)
                    {
                        task.MaxValue = total;
                    }
                    else
                    {
                        task.IsIndeterminate = true;
                    }

                    results.Add(steps[i].Work(done => task.Value = done));
                    task.IsIndeterminate = false;
                    task.Value = task.MaxValue;
                }
            });
        return results;
    }

    public void BackedUp(string path) => console.Error.WriteLine($"backup: {path}");

    public void NotBackedUp(string why) => console.Error.WriteLine($"backup: none ({why})");

    private static bool Shown(CliConsole console) =>
        ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected;
}

