namespace Tradebook.Storage.Transfer;

/// <summary>What a conversion copied and how each table compares after commit.</summary>
/// <param name="TargetCreated">The target database (SQLite file or PostgreSQL database) did not exist before.</param>
public sealed record ConversionReport(
    string Source,
    string Target,
    int SchemaVersion,
    bool TargetCreated,
    IReadOnlyList<TableCheck> Tables,
    IReadOnlyList<string> Warnings,
    long CopyMilliseconds,
    long VerifyMilliseconds)
{
    /// <summary>
    /// Rows the source gained while it was being copied (a bot kept writing): the target holds the
    /// source as it was at the snapshot, so these rows are not in it.
    /// </summary>
    public IReadOnlyList<string> WrittenDuringCopy { get; init; } = [];

    public bool Ok => Tables.All(t => t.Ok) && WrittenDuringCopy.Count == 0;

    public long Rows => Tables.Sum(t => t.TargetRows);
}

/// <summary>One table: row counts on both sides and every column's fingerprint.</summary>
public sealed record TableCheck(string Table, long SourceRows, long TargetRows, IReadOnlyList<ColumnCheck> Columns)
{
    public bool Ok => SourceRows == TargetRows && Columns.All(c => c.Ok);

    public IEnumerable<string> Mismatches =>
        (SourceRows == TargetRows ? [] : new[] { $"{SourceRows} rows in the source, {TargetRows} in the target" })
            .Concat(Columns.Where(c => !c.Ok).Select(c => c.Describe()));
}

/// <summary>One column's fingerprint on both sides.</summary>
public sealed record ColumnCheck(string Column, ColumnKind Kind, ColumnFingerprint Source, ColumnFingerprint Target)
{
    public bool Ok => Source == Target;

    public string Describe() =>
        $"{Column}: {Source.Values} values, sum {Source.Sum ?? "-"}, checksum {Source.Checksum} in the source; {Target.Values} values, sum {Target.Sum ?? "-"}, checksum {Target.Checksum} in the target";
}
