using Tradebook.Import.Sources;

namespace Tradebook.Import.Planning;

/// <summary>What the import does with a file of a project folder.</summary>
public enum FileAction
{
    /// <summary>Imported as a batch of its own.</summary>
    Import,

    /// <summary>A copy of another database of the folder: consolidated with its copies into one batch.</summary>
    Consolidate,

    /// <summary>A SQLite companion (<c>-wal</c>, <c>-shm</c>, <c>-journal</c>): read with its database.</summary>
    Companion,

    /// <summary>Not imported, for the reason in its note.</summary>
    Skip,
}

/// <summary>One file of a project folder and what the import does with it.</summary>
/// <param name="RelativePath">The path within the folder, with forward slashes.</param>
/// <param name="Format">The reader that recognised the file by its content, for databases.</param>
/// <param name="Note">Why, in words: the copies it is consolidated with, or why it is skipped.</param>
public sealed record PlannedFile(string Path, string RelativePath, FileAction Action, string? Format, string Note);

/// <summary>A folder no reader recognised as a whole: its databases were found one by one, by content.</summary>
public sealed record ProjectFolderPlan(string Folder, IReadOnlyList<PlannedFile> Files);

/// <summary>A source the import reads: a file or folder named by the user, or a database found in a project folder.</summary>
/// <param name="Folder">The project folder it was found in; null when the user named it.</param>
public sealed record PlannedSource(string Path, ISourceReader Reader, string? Folder);

/// <summary>The sources of one import and, for each project folder, what is done with each of its files.</summary>
public sealed record ImportPlan(IReadOnlyList<PlannedSource> Sources, IReadOnlyList<ProjectFolderPlan> Folders)
{
    /// <summary>The plan with each project folder's databases marked as consolidated or imported alone, once the sources are grouped.</summary>
    public ImportPlan WithGroups(IReadOnlyList<IReadOnlyList<string>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var groupOf = groups.SelectMany(g => g.Select(path => (path, g))).ToDictionary(x => x.path, x => x.g, StringComparer.Ordinal);
        var folders = Folders.Select(folder => folder with
        {
            Files = folder.Files.Select(file =>
            {
                if (file.Action is not (FileAction.Import or FileAction.Consolidate) || !groupOf.TryGetValue(file.Path, out var group))
                {
                    return file;
                }

                var others = group.Where(p => p != file.Path).Select(p => Shown(folder.Folder, p)).ToList();
                return others.Count == 0
                    ? file with { Action = FileAction.Import, Note = $"{file.Note}, imported as its own batch" }
                    : file with
                    {
                        Action = FileAction.Consolidate,
                        Note = $"a copy of one {file.Format} database with {string.Join(", ", others)}: consolidated into one batch (rows matched by key, conflicts reported)",
                    };
            }).ToList(),
        }).ToList();
        return this with { Folders = folders };
    }

    private static string Shown(string folder, string path)
    {
        var relative = System.IO.Path.GetRelativePath(folder, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative.Replace('\\', '/');
    }
}
