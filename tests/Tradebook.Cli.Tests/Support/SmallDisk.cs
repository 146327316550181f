namespace Tradebook.Cli.Tests.Support;

/// <summary>
/// A small filesystem that <c>test.sh</c> mounts (a 2 MiB tmpfs, as root) so that a full disk is a
/// real one. Tests that need it are skipped, visibly, where it cannot be mounted.
/// </summary>
public static class SmallDisk
{
    public static string? Folder => Environment.GetEnvironmentVariable("TRADEBOOK_TEST_SMALL_DISK") is { Length: > 0 } folder && Directory.Exists(folder) ? folder : null;
}

/// <summary>A test that needs <see cref="SmallDisk"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SmallDiskFactAttribute : FactAttribute
{
    public SmallDiskFactAttribute()
    {
        if (SmallDisk.Folder is null)
        {
            Skip = "needs TRADEBOOK_TEST_SMALL_DISK, a small filesystem that ./test.sh mounts when run as root";
        }
    }
}
