namespace Tradebook.Import;

/// <summary>
/// A table the source must have and does not: the reader's knowledge of the source's generation, or the
/// source's own foreign keys, say it belongs there. What the other tables hold is still imported; this says
/// what is lost with the table.
/// </summary>
/// <param name="Table">The missing table, as the source would name it (with its file when a source has several).</param>
/// <param name="Reason">Why it must be there: the generation that always has it, or the foreign key that names it.</param>
/// <param name="Loss">What the import cannot bring without it, and what it did instead.</param>
public sealed record MissingTable(string Table, string Reason, string Loss);
