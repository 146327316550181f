namespace Tradebook.Import.Workflow;

/// <summary>
/// What an import tells its host while it runs: the steps it is about to take (reading, writing), each able to say
/// how far it is, and the backup it took. A host without a display passes <see cref="QuietProgress"/>.
/// </summary>
public interface IImportProgress
{
    /// <summary>Runs <paramref name="steps"/> in order and returns their results.</summary>
    IReadOnlyList<T> Run<T>(IReadOnlyList<ImportStep<T>> steps);

    /// <summary>A backup was taken at <paramref name="path"/>, before anything is written.</summary>
    void BackedUp(string path);

    /// <summary>No backup could be taken (a PostgreSQL database), and <paramref name="why"/> says what protects the data instead.</summary>
    void NotBackedUp(string why);
}

/// <summary>One step of an import: its description, its total when it can tell (fills to write), and its work, given a way to report the amount done.</summary>
public sealed record ImportStep<T>(string Description, double? Total, Func<Action<double>, T> Work);

/// <summary>Runs the steps and tells nobody.</summary>
public sealed class QuietProgress : IImportProgress
{
    public static readonly QuietProgress Instance = new();

    public IReadOnlyList<T> Run<T>(IReadOnlyList<ImportStep<T>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return steps.Select(s => s.Work(_ => { })).ToList();
    }

    public void BackedUp(string path)
    {
    }

    public void NotBackedUp(string why)
    {
    }
}
