using Tradebook.Core;

namespace Tradebook.Cli;

/// <summary>Process exit codes, stable for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int Conflict = 3;
    public const int Locked = 4;
    public const int ReadOnlyOrFull = 5;
    public const int Schema = 6;

    public static int For(ErrorCode code) => code switch
    {
        ErrorCode.Conflict => Conflict,
        ErrorCode.DatabaseLocked => Locked,
        ErrorCode.DatabaseReadOnly or ErrorCode.DiskFull => ReadOnlyOrFull,
        ErrorCode.SchemaTooNew or ErrorCode.SchemaNotInitialized or ErrorCode.MigrationEdited or ErrorCode.Drift => Schema,
        ErrorCode.InvalidInput => Usage,
        _ => Failed,
    };
}
