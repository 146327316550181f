namespace Tradebook.Import.Sources.Hummingbot;

/// <summary>
/// Hummingbot stores prices and amounts either as floats (older versions) or as integers holding the
/// value × 10^6, truncated (its <c>SqliteDecimal(6)</c> type). The declared column type tells which:
/// an integer column cannot hold a price like 0.000733 any other way.
/// </summary>
internal sealed class HummingbotScaling
{
    public const int Digits = 6;

    public static readonly decimal Step = 0.000001m;

    private static readonly decimal Factor = 1_000_000m;

    private int _values;
    private int _coarse;
    private decimal? _worstRelativeStep;
    private decimal? _worstValue;

    private HummingbotScaling(bool scaled) => Scaled = scaled;

    public bool Scaled { get; }

    public static HummingbotScaling For(SqliteSchema schema, string table, string column) =>
        new(schema.DeclaredType(table, column) is { } type && type.Contains("INT", StringComparison.Ordinal));

    /// <summary>Converts a stored value exactly: an integer divided by 10^6 in decimal, or a float's text as it is.</summary>
    public decimal Convert(string text)
    {
        if (!Scaled)
        {
            return SqliteValues.ParseDecimal(text) ?? 0;
        }

        var raw = decimal.Parse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture);
        var value = raw / Factor;
        Track(value);
        return value;
    }

    /// <summary>
    /// Counts values whose one-step truncation error exceeds 0.01 % of the value (fewer than 10^4 steps):
    /// those are the prices whose precision was really lost.
    /// </summary>
    private void Track(decimal value)
    {
        _values++;
        if (value == 0)
        {
            return;
        }

        var relative = Step / Math.Abs(value);
        if (relative > 0.0001m)
        {
            _coarse++;
        }

        if (_worstRelativeStep is null || relative > _worstRelativeStep)
        {
            (_worstRelativeStep, _worstValue) = (relative, value);
        }
    }

    public string? Warning(string what) =>
        !Scaled || _values == 0
            ? null
            : string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{what} are stored as integers scaled by 10^{Digits} (truncated): smallest representable step {Step}; all {_values} values read sit on that grid, {_coarse} of them are under 10^4 steps (truncation up to more than 0.01 % of the value); worst {_worstRelativeStep * 100m:0.####} % at {_worstValue}.");
}
