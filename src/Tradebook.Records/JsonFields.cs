using System.Globalization;
using System.Text.Json;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Core.Text;

namespace Tradebook.Records;

/// <summary>
/// Typed access to one input object of a known kind, with errors that name the place and the field.
/// Made only after <see cref="JsonText.Check"/> passed, so every string decodes and every key is unique.
/// </summary>
internal sealed class JsonFields
{
    /// <summary>The largest magnitude of an amount, and of a fill's value (quantity × price) or fee value (<see cref="AmountLimits"/>).</summary>
    public const decimal MaxAmount = AmountLimits.Max;

    private readonly JsonElement _element;
    private readonly string _where;
    private readonly RecordKind _kind;
    private readonly string? _bot;

    /// <param name="bot">The bot a request is for, if any: <see cref="Bot"/> defaults to it.</param>
    public JsonFields(JsonElement element, string where, RecordKind kind, string? bot = null)
    {
        _element = element;
        _where = where;
        _kind = kind;
        _bot = bot;
        foreach (var property in element.EnumerateObject())
        {
            if (!RecordFields.IsKnown(kind, property.Name))
            {
                throw Error($"unknown field {Shown.Quoted(property.Name)} in a {kind.ToText()}{NearestName.Hint(RecordFields.Meant(kind, property.Name))} (known: {string.Join(", ", RecordFields.For(kind))})");
            }

            if (RecordFields.OtherSpellingPresent(kind, property.Name, other => element.TryGetProperty(other, out _)) is { } other)
            {
                throw Error($"\"{property.Name}\" and \"{other}\" are two spellings of one field; give one of them");
            }
        }
    }

    public string Where => _where;

    /// <summary>The record's bot: its own field, or the one the request is for, which it may not contradict.</summary>
    public string Bot()
    {
        if (_bot is null)
        {
            return String("bot");
        }

        var own = OptionalString("bot");
        return own is null || own == _bot
            ? _bot
            : throw Error($"\"bot\" is {Shown.Quoted(own)}, but this request is for bot {Shown.Quoted(_bot)}");
    }

    /// <summary>A whole number from 0 up, such as a count of tokens or milliseconds; null when absent.</summary>
    public int? OptionalCount(string name) =>
        Find([name], out _) is not { } v || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var count) && count >= 0 ? count
        : throw Invalid(name, "a whole number from 0 to 2147483647", v);

    public TradebookException Error(string problem) => new(ErrorCode.InvalidInput, $"{_where}: {problem}; nothing was written");

    /// <summary>A required string: present, not null, not blank.</summary>
    public string String(params string[] names)
    {
        var value = OptionalString(names) ?? throw Missing(names[0]);
        if (string.IsNullOrWhiteSpace(value))
        {
            Find(names, out var name);
            throw Error($"\"{name}\" is empty");
        }

        return value;
    }

    /// <summary>A name, id or key: at most <see cref="NameLength.Max"/> characters.</summary>
    public string? OptionalString(params string[] names)
    {
        var text = Text(names, out var name);
        return NameLength.Problem(name, text) is { } problem ? throw Error(problem) : text;
    }

    /// <summary>Free text, such as a decision's notes, bounded only by the request's size.</summary>
    public string? OptionalText(params string[] names) => Text(names, out _);

    private string? Text(string[] names, out string name) =>
        Find(names, out name) is { } v ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            JsonValueKind.Null => null,
            _ => throw Invalid(name, "a string", v),
        } : null;

    public decimal Decimal(params string[] names) => OptionalDecimal(names) ?? throw Missing(names[0]);

    /// <summary>A number read from its JSON text, so 0.1 stays 0.1: never through a double.</summary>
    public decimal? OptionalDecimal(params string[] names)
    {
        if (Find(names, out var name) is not { } v || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        decimal value;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var number))
        {
            value = number;
        }
        else if (v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            value = parsed;
        }
        else
        {
            throw Invalid(name, "a decimal number", v);
        }

        if (Math.Abs(value) > MaxAmount)
        {
            throw Error($"\"{name}\" is {value.ToString(CultureInfo.InvariantCulture)}, above the largest amount Tradebook records ({MaxAmount:0.#E+0}); check its units");
        }

        return value;
    }

    /// <summary>The product of two amounts, refused when above <see cref="MaxAmount"/>; what it is, for the message.</summary>
    public decimal Product(decimal a, decimal b, string what)
    {
        decimal product;
        try
        {
            product = a * b;
        }
        catch (OverflowException)
        {
            throw Error($"{what} is beyond the range of a decimal (7.9E+28); Tradebook records at most {MaxAmount:0.#E+0}; check the units");
        }

        return Math.Abs(product) > MaxAmount
            ? throw Error($"{what} is {product.ToString(CultureInfo.InvariantCulture)}, above the largest amount Tradebook records ({MaxAmount:0.#E+0}); check the units")
            : product;
    }

    public T Enum<T>(params string[] names)
        where T : struct, System.Enum
    {
        var text = OptionalString(names) ?? throw Missing(names[0]);
        Find(names, out var name);
        return EnumText.TryParse<T>(text, out var value)
            ? value
            : throw Error($"\"{name}\" is {Shown.Quoted(text)}; expected one of {string.Join(", ", System.Enum.GetValues<T>().Select(e => e.ToText()))}");
    }

    public DateTimeOffset Time(params string[] names)
    {
        var v = Find(names, out var name) ?? throw Missing(names[0]);
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (!v.TryGetInt64(out var epoch))
            {
                return v.TryGetDecimal(out var fractional) && RecordTime.FromUnix(fractional) is { } precise && TradingTime.Contains(precise)
                    ? precise
                    : throw Error($"\"{name}\" is {v.GetRawText()}, not a Unix time in the years {TradingTime.Years} (seconds or milliseconds with a fraction: seconds below 1e11, milliseconds from there)");
            }

            return RecordTime.FromUnix(epoch) is { } unix && TradingTime.Contains(unix)
                ? unix
                : throw Error($"\"{name}\" is {epoch.ToString(CultureInfo.InvariantCulture)}, a Unix time outside the years {TradingTime.Years} ({RecordTime.Units})");
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            var text = v.GetString()!;
            var time = RecordTime.FromText(text, out var problem)
                ?? throw Error($"\"{name}\" is {Shown.Quoted(text)}: {problem}; expected {RecordTime.Expected}");
            return TradingTime.Contains(time)
                ? time
                : throw Error($"\"{name}\" is {Shown.Quoted(text)}, outside the years {TradingTime.Years}: a time like 0001-01-01 or 9999-12-31 stands for one never set; send the time it happened");
        }

        throw Invalid(name, RecordTime.Expected, v);
    }

    /// <summary>A symbol that names an instrument: <c>BTC/USDT</c>, not <c>/</c>.</summary>
    public string Symbol(string name) => CheckedSymbol(name, String(name));

    public string? OptionalSymbol(string name) =>
        OptionalString(name) is { } text && !string.IsNullOrWhiteSpace(text) ? CheckedSymbol(name, text) : null;

    public string Raw(string name) => OptionalRaw(name) ?? throw Missing(name);

    public string? OptionalRaw(params string[] names) =>
        Find(names, out _) is { } v && v.ValueKind != JsonValueKind.Null ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()) : null;

    public IReadOnlyList<string>? StringList(string name)
    {
        if (Find([name], out _) is not { } v || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())
                .Select(id => NameLength.Problem(name, id) is { } problem ? throw Error(problem) : id).ToList()
            : throw Invalid(name, "an array of ids", v);
    }

    public Provenance? Provenance()
    {
        var source = OptionalString("source");
        var sourceRef = OptionalString("source_ref");
        var botVersion = OptionalString("bot_version");
        var strategyVersion = OptionalString("strategy_version");
        return source is null && sourceRef is null && botVersion is null && strategyVersion is null
            ? null
            : new Provenance(source, sourceRef, botVersion, strategyVersion);
    }

    public TradebookException Missing(string name) => Error($"\"{name}\" is missing");

    private string CheckedSymbol(string name, string text) =>
        Core.Domain.Symbol.TryParse(text, out _, out var problem) ? text : throw Error($"\"{name}\" is {Shown.Quoted(text)}, not a symbol: {problem}");

    private JsonElement? Find(string[] names, out string found)
    {
        foreach (var name in names)
        {
            if (!RecordFields.IsKnown(_kind, name))
            {
                throw new InvalidOperationException($"the {_kind.ToText()} reader asks for \"{name}\", which RecordFields does not list");
            }

            if (_element.TryGetProperty(name, out var value))
            {
                found = name;
                return value;
            }
        }

        found = names[0];
        return null;
    }

    private TradebookException Invalid(string name, string expected, JsonElement value) =>
        Error($"\"{name}\" must be {expected}, found {Shown.Plain(value.GetRawText())}");
}
