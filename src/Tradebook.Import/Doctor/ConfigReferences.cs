namespace Tradebook.Import.Doctor;

/// <summary>
/// Resolves database paths named in configuration. A relative path is resolved by the process's working
/// directory, not by the configuration file's folder, so it is tried from every plausible working
/// directory: the file's folder, the project root, and the folders of other configuration files naming
/// the same path (a process started there would load that file).
/// </summary>
internal static class ConfigReferences
{
    public static List<ConfigReference> Resolve(
        IReadOnlyList<RawReference> raw,
        IReadOnlyDictionary<string, string> rootOf,
        IReadOnlyDictionary<string, string> display,
        IReadOnlySet<string> sqlitePaths,
        List<DoctorFinding> findings)
    {
        string Show(string path) => display.TryGetValue(path, out var shown) ? shown : path;
        var result = new List<ConfigReference>();
        foreach (var reference in raw)
        {
            var root = rootOf[reference.File];
            var folder = Path.GetDirectoryName(reference.File)!;
            var relative = ConfigScanner.IsRelative(reference.DatabasePath);
            var resolutions = new List<PathResolution>();
            if (relative)
            {
                var workingDirectories = new List<string> { folder, root };
                workingDirectories.AddRange(raw
                    .Where(r => r.DatabasePath == reference.DatabasePath && rootOf[r.File] == root)
                    .Select(r => Path.GetDirectoryName(r.File)!));
                foreach (var dir in workingDirectories.Distinct(StringComparer.Ordinal))
                {
                    var resolved = Path.GetFullPath(Path.Combine(dir, reference.DatabasePath));
                    resolutions.Add(new PathResolution(dir, resolved, File.Exists(resolved), sqlitePaths.Contains(resolved)));
                }
            }
            else if (!reference.DatabasePath.StartsWith('$') && !reference.DatabasePath.StartsWith('%'))
            {
                var resolved = reference.DatabasePath.StartsWith('~')
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), reference.DatabasePath.TrimStart('~', '/', '\\'))
                    : reference.DatabasePath;
                resolutions.Add(new PathResolution("", resolved, File.Exists(resolved), sqlitePaths.Contains(resolved)));
            }

            var item = new ConfigReference(
                reference.File, Show(reference.File), reference.Line, reference.Key, reference.Value,
                reference.DatabasePath, relative, reference.AnchoredToCode, resolutions);
            result.Add(item);
            if (Finding(item, root, Show) is { } finding)
            {
                findings.Add(finding);
            }
        }

        return result;
    }

    private static DoctorFinding? Finding(ConfigReference reference, string root, Func<string, string> show)
    {
        var where = $"{reference.RelativeFile} line {reference.Line}{(reference.Key is null ? "" : $" ({reference.Key})")}";
        if (reference.IsRelative && !reference.AnchoredToCode)
        {
            var existing = reference.Resolutions.Where(r => r.Exists).Select(r => r.ResolvedPath).Distinct(StringComparer.Ordinal).Count();
            var landings = string.Join("; ", reference.Resolutions.Select(r =>
                $"started in {Folder(root, r.WorkingDirectory)} it opens {show(r.ResolvedPath)} "
                + (r.IsSqlite ? "(an existing SQLite database)" : r.Exists ? "(exists, not SQLite)" : "(does not exist: it would be created empty)")));
            return new DoctorFinding(existing > 1 ? FindingSeverity.Error : FindingSeverity.Warning, FindingCodes.RelativeDbPath, reference.File,
                $"{where}: {reference.Value} is relative to the working directory, not to {reference.RelativeFile}: {landings}. "
                + "Processes started in different folders use different databases. Use an absolute path (or one built from the code's folder).");
        }

        if (!reference.IsRelative && reference.Resolutions is [{ Exists: false } only])
        {
            return new DoctorFinding(FindingSeverity.Info, FindingCodes.MissingDbPath, reference.File,
                $"{where}: {reference.Value} names {only.ResolvedPath}, which does not exist on this machine.");
        }

        return null;
    }

    private static string Folder(string root, string dir)
    {
        var relative = Path.GetRelativePath(root, dir).Replace('\\', '/');
        return relative == "." ? "the project root" : relative + "/";
    }
}
