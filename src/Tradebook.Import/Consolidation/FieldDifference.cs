namespace Tradebook.Import.Consolidation;

/// <summary>One field on which two versions of a row disagree, with both values as text.</summary>
public sealed record FieldDifference(string Field, string? WinnerValue, string? OtherValue);
