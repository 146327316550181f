namespace Tradebook.Storage.Transfer;

/// <summary>Which pass a conversion is in.</summary>
public enum TransferStage
{
    Copy,
    Verify,
}

/// <summary>Where a conversion stands: table <paramref name="Index"/> of <paramref name="Count"/>, rows done of its total.</summary>
public sealed record TransferProgress(TransferStage Stage, string Table, int Index, int Count, long Rows, long TotalRows, bool TableDone);
