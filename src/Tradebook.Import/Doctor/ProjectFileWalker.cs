namespace Tradebook.Import.Doctor;

/// <summary>
/// Lists the files of a project tree, skipping build output, dependency and VCS folders (they can be huge
/// and never hold the project's data) and never following directory links (they can loop).
/// </summary>
internal static class ProjectFileWalker
{
    public static readonly IReadOnlySet<string> SkippedFolders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "node_modules", ".git", ".hg", ".svn", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache",
        ".pytest_cache", ".idea", ".vs",
    };

    /// <summary>Files under <paramref name="root"/>; folders that cannot be listed are reported through <paramref name="onError"/>.</summary>
    public static IEnumerable<string> Files(string root, Action<string, Exception> onError)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            string[] files;
            string[] folders;
            try
            {
                files = Directory.GetFiles(folder);
                folders = Directory.GetDirectories(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                onError(folder, e);
                continue;
            }

            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                yield return file;
            }

            Array.Sort(folders, StringComparer.Ordinal);
            for (var i = folders.Length - 1; i >= 0; i--)
            {
                var sub = folders[i];
                if (SkippedFolders.Contains(Path.GetFileName(sub)) || IsLink(sub))
                {
                    continue;
                }

                pending.Push(sub);
            }
        }
    }

    private static bool IsLink(string folder)
    {
        try
        {
            return new DirectoryInfo(folder).LinkTarget is not null;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
