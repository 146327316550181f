using System.Globalization;

namespace Tradebook.Core.Domain;

/// <summary>
/// How long a name or key may be: a bot's name, a record's id, a symbol, a currency, a setting's key, a
/// version or host. Exchange and client ids are at most a few dozen characters; a longer one is a client's
/// bug (a whole object serialised into an id). PostgreSQL cannot index a key much over 2,700 bytes, so without
/// a limit the same request would be stored on SQLite and fail on PostgreSQL. Free text (a decision's prompt,
/// response and notes, a bot's configuration) is bounded only by the request's size.
/// </summary>
public static class NameLength
{
    public const int Max = 256;

    /// <summary>The reason <paramref name="value"/> is too long to keep as <paramref name="field"/>; null when it is not.</summary>
    public static string? Problem(string field, string? value) =>
        value is null || value.Length <= Max ? null
        : $"\"{field}\" is {value.Length.ToString(CultureInfo.InvariantCulture)} characters long; Tradebook keeps names, ids and keys of at most {Max} characters";

    /// <summary>Refuses <paramref name="value"/> as bad input when it is too long to keep as <paramref name="field"/>.</summary>
    public static string? Check(string field, string? value) =>
        Problem(field, value) is { } problem ? throw new TradebookException(ErrorCode.InvalidInput, $"{problem}; nothing was written") : value;
}
