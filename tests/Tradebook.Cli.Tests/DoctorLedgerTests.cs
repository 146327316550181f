using Microsoft.Data.Sqlite;
using Tradebook.Cli.Tests.Support;

namespace Tradebook.Cli.Tests;

/// <summary>
/// <c>doctor</c> on a database with data: it compares the stored positions and rollups with a replay of the
/// fills, says what is damaged in a damaged file and how to recover; <c>rebuild</c> derives them again.
/// </summary>
public sealed class DoctorLedgerTests : IDisposable
{
    private readonly TempWorkspace _workspace = new();

    public DoctorLedgerTests()
    {
        Fills.RecordHistory(_workspace);
    }

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void doctor_finds_a_hand_edited_rollup_and_rebuild_derives_it_again()
    {
        Assert.Equal(0, _workspace.Run("doctor").ExitCode);
        Execute("UPDATE product_rollups SET realized_pnl = '999999'");

        var doctor = _workspace.Run("doctor", "--json");
        var rebuild = _workspace.Run("rebuild");
        var after = _workspace.Run("doctor", "--json");

        Assert.Equal(ExitCodes.Failed, doctor.ExitCode);
        var derived = Check(doctor, "derived");
        Assert.Equal("error", derived.Status);
        Assert.Contains("product_rollups: alpha BTC/USDT realized_pnl: 999999 →", derived.Detail, StringComparison.Ordinal);
        Assert.Contains("tradebook rebuild", derived.Detail, StringComparison.Ordinal);
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Contains("1 stored values were not what the fills make", rebuild.Out, StringComparison.Ordinal);
        Assert.Equal(0, after.ExitCode);
        Assert.Equal("ok", Check(after, "derived").Status);
    }

    [Fact]
    public void doctor_on_a_damaged_database_names_the_damaged_table_and_the_backup_to_restore()
    {
        var backup = _workspace.Run("backup");
        Assert.True(backup.ExitCode == 0, backup.ToString());
        DamagedFile.DamageTablePage(_workspace.DatabasePath);

        var doctor = _workspace.Run("doctor", "--json");

        Assert.Equal(ExitCodes.Failed, doctor.ExitCode);
        var integrity = Check(doctor, "integrity");
        Assert.Equal("error", integrity.Status);
        Assert.Contains("the database is damaged", integrity.Detail, StringComparison.Ordinal);
        Assert.Contains("table fills", integrity.Detail, StringComparison.Ordinal);
        var remedy = Check(doctor, "remedy");
        Assert.Contains("tradebook restore", remedy.Detail, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_workspace.Folder, "backups"), remedy.Detail, StringComparison.Ordinal);
        Assert.Single(doctor.Error.Split('\n'), l => l.StartsWith("error: integrity: the database is damaged", StringComparison.Ordinal));
    }

    [Fact]
    public void doctor_and_rebuild_on_rows_naming_a_bot_the_file_does_not_have_say_it_is_damaged()
    {
        // What a file paired with another one's WAL holds (moved over while a server had it open): fills,
        // positions and rollups of a bot row that is not there.
        Execute("PRAGMA foreign_keys = OFF; DELETE FROM bots WHERE name = 'alpha'");

        var doctor = _workspace.Run("doctor", "--json");
        var rebuild = _workspace.Run("rebuild");

        Assert.Equal(ExitCodes.Failed, doctor.ExitCode);
        Assert.DoesNotContain("Unhandled", doctor.Error, StringComparison.Ordinal);
        var foreignKeys = Check(doctor, "foreign_keys");
        Assert.Equal("error", foreignKeys.Status);
        Assert.Contains("fills → bots (", foreignKeys.Detail, StringComparison.Ordinal);
        Assert.Contains("the database is damaged", foreignKeys.Detail, StringComparison.Ordinal);
        Assert.Contains("back up from now on", Check(doctor, "remedy").Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(doctor.Json().GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "derived");

        Assert.Equal(ExitCodes.Failed, rebuild.ExitCode);
        Assert.DoesNotContain("Unhandled", rebuild.Error, StringComparison.Ordinal);
        Assert.Contains("the database is damaged", rebuild.Error, StringComparison.Ordinal);
    }

    private static (string Status, string Detail) Check(CliResult result, string name)
    {
        var check = result.Json().GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        return (check.GetProperty("status").GetString()!, check.GetProperty("detail").GetString()!);
    }

    private void Execute(string sql)
    {
        using (var connection = new SqliteConnection($"Data Source={_workspace.DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
    }
}
