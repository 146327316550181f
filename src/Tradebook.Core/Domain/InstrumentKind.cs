namespace Tradebook.Core.Domain;

public enum InstrumentKind
{
    Spot,
    Perpetual,
    Future,
    Stock,
}
