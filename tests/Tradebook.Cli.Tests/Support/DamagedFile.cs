using Microsoft.Data.Sqlite;

namespace Tradebook.Cli.Tests.Support;

/// <summary>Damages SQLite files the way disks and careless copies do, for tests of what reads them.</summary>
public static class DamagedFile
{
    /// <summary>
    /// Fills the second half of a table leaf page in the middle of the file with 0xFF: the page's header
    /// still reads, so a count over an index passes, while reading the table's rows (a backup, a replay,
    /// an integrity check) meets the damage.
    /// </summary>
    public static void DamageTablePage(string path)
    {
        Checkpoint(path);
        var data = File.ReadAllBytes(path);
        var pageSize = PageSize(data);
        var leaves = Enumerable.Range(1, (data.Length / pageSize) - 1).Where(p => data[p * pageSize] == 0x0D).ToList();
        Assert.True(leaves.Count > 4, $"{path} has too few table pages to damage one in the middle");
        var page = leaves[leaves.Count / 2];
        Array.Fill(data, (byte)0xFF, (page * pageSize) + (pageSize / 2), pageSize / 2);
        File.WriteAllBytes(path, data);
    }

    /// <summary>
    /// Fills the root page of <paramref name="table"/> with 0xFF past its page type: the schema still reads, so
    /// the file is recognised, while any read of the table meets the damage.
    /// </summary>
    public static void DamageRootPage(string path, string table)
    {
        Checkpoint(path);
        long root;
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = $name";
            command.Parameters.AddWithValue("$name", table);
            root = (long)command.ExecuteScalar()!;
        }

        var data = File.ReadAllBytes(path);
        var pageSize = PageSize(data);
        Array.Fill(data, (byte)0xFF, (int)((root - 1) * pageSize) + 1, pageSize - 1);
        File.WriteAllBytes(path, data);
    }

    /// <summary>Damages page 1 past the file header: the list of tables (sqlite_master) no longer reads.</summary>
    public static void DamageSchemaPage(string path)
    {
        Checkpoint(path);
        var data = File.ReadAllBytes(path);
        Array.Fill(data, (byte)0x5A, 200, PageSize(data) - 200);
        File.WriteAllBytes(path, data);
    }

    /// <summary>Drops <paramref name="table"/>, as a careless tool or person would (foreign keys off, so it goes).</summary>
    public static void DropTable(string path, string table)
    {
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"DROP TABLE IF EXISTS \"{table}\"";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>
    /// Copies <paramref name="from"/> to <paramref name="to"/> with one more commit left in <c>to-wal</c>: a VACUUM,
    /// which rewrites every page (an UPDATE to the same values writes none), so the WAL holds frames of the
    /// whole database for a test to damage.
    /// </summary>
    public static void WithUncheckpointedWal(string from, string to)
    {
        File.Copy(from, to);
        var staging = to + ".staging";
        File.Copy(from, staging);
        using (var connection = new SqliteConnection($"Data Source={staging};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; VACUUM";
            command.ExecuteNonQuery();

            // Copied while the connection is open: closing the last one would fold the WAL back into the file.
            File.Copy(staging + "-wal", to + "-wal");
            Assert.True(new FileInfo(to + "-wal").Length > 0, "the commit left no frame in the WAL");
        }

        File.Delete(staging);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Writes zeros over page <paramref name="page"/> (1-based, as SQLite counts).</summary>
    public static void ZeroPage(string path, int page)
    {
        SqliteConnection.ClearAllPools();
        var data = File.ReadAllBytes(path);
        var pageSize = PageSize(data);
        if ((long)page * pageSize <= data.Length)
        {
            Array.Clear(data, (page - 1) * pageSize, pageSize);
            File.WriteAllBytes(path, data);
        }
    }

    /// <summary>Flips every bit of <paramref name="count"/> bytes spread evenly through the file, from a seed.</summary>
    public static void FlipBytes(string path, int count, int seed)
    {
        SqliteConnection.ClearAllPools();
        var data = File.ReadAllBytes(path);
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var at = random.Next(data.Length);
            data[at] ^= 0xFF;
        }

        File.WriteAllBytes(path, data);
    }

    /// <summary>Cuts the file to <paramref name="fraction"/> of its length.</summary>
    public static void Truncate(string path, double fraction)
    {
        SqliteConnection.ClearAllPools();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength((long)(stream.Length * fraction));
    }

    /// <summary>Folds the WAL into the file, so that damage to the file reaches every committed row.</summary>
    public static void Checkpoint(string path)
    {
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }

    private static int PageSize(byte[] data)
    {
        var size = (data[16] << 8) | data[17];
        return size == 1 ? 65536 : size;
    }
}
