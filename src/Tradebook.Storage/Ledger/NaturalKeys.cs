using System.Data.Common;
using System.Globalization;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Access;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>
/// The row ids behind the names a caller uses (a bot's name, a symbol, a client order id, a decision id),
/// looked up once per session (or kept from earlier ones, <see cref="LedgerCache"/>). A symbol seen for
/// the first time becomes an instrument.
/// </summary>
internal sealed class NaturalKeys(WriteContext context, LedgerCache cache)
{
    private readonly Dictionary<string, BotRow> _bots = cache.Bots;
    private readonly Dictionary<string, (long Id, Symbol Symbol)> _instruments = cache.Instruments;
    private readonly Dictionary<(long Bot, string Order), KnownOrder> _orderIds = cache.OrderIds;

    /// <summary>
    /// Whose batch is being written: a bot outside it is, to this batch, a bot that does not exist. The
    /// bots loaded stay loaded whatever the scope (one group commit serves several callers).
    /// </summary>
    public CallerScope Scope { get; set; } = CallerScope.LocalOwner;

    public BotRow Bot(string name) =>
        FindBot(name) ?? throw new TradebookException(ErrorCode.UnknownBot, $"unknown bot '{name}'", Remedy.AddBot(name));

    /// <summary>The bot named <paramref name="name"/>, or null when there is none in <see cref="Scope"/>.</summary>
    public BotRow? FindBot(string name)
    {
        if (!_bots.TryGetValue(name, out var bot))
        {
            bot = Bots.Find(context.Connection, context.Transaction, name);
            if (bot is not null)
            {
                _bots[name] = bot;
            }
        }

        return bot is not null && Scope.Allows(bot) ? bot : null;
    }

    public (long Id, Symbol Symbol) Instrument(string symbolText)
    {
        if (_instruments.TryGetValue(symbolText, out var known))
        {
            return known;
        }

        var symbol = Symbol.Parse(symbolText);
        using (var insert = context.Command("""
            INSERT INTO instruments (symbol, base, quote, kind) VALUES (@symbol, @base, @quote, @kind)
            ON CONFLICT (symbol) DO NOTHING
            """))
        {
            insert.Add("@symbol", symbol.Text);
            insert.Add("@base", symbol.Base);
            insert.Add("@quote", symbol.Quote);
            insert.Add("@kind", symbol.Kind.ToText());
            insert.ExecuteNonQuery();
        }

        using var find = context.Command("SELECT id, base, quote, kind FROM instruments WHERE symbol = @symbol");
        find.Add("@symbol", symbol.Text);
        using var reader = find.ExecuteReader();
        reader.Read();
        known = (reader.GetInt64(0), new Symbol(symbol.Text, reader.GetString(1), reader.GetString(2), EnumText.Parse<InstrumentKind>(reader.GetString(3))));
        _instruments[symbolText] = known;
        return known;
    }

    /// <summary>The symbol of instrument <paramref name="instrumentId"/>, as it was first written: for messages.</summary>
    public string SymbolOf(long instrumentId)
    {
        var command = context.Reused("SELECT symbol FROM instruments WHERE id = @instrument");
        command.Add("@instrument", instrumentId);
        return command.ExecuteScalar() as string ?? $"instrument {instrumentId}";
    }

    /// <summary>The bot's order <paramref name="clientOrderId"/>, which fill <paramref name="fillId"/> names; refused when it is not recorded.</summary>
    public KnownOrder Order(BotRow bot, string clientOrderId, string fillId)
    {
        if (_orderIds.TryGetValue((bot.Id, clientOrderId), out var known))
        {
            return known;
        }

        var command = context.Reused("SELECT id, instrument_id, side FROM orders WHERE bot_id = @bot AND client_order_id = @order");
        command.Add("@bot", bot.Id);
        command.Add("@order", clientOrderId);
        known = ReadOrder(command) ?? throw new TradebookException(ErrorCode.UnknownOrder,
            $"fill '{fillId}' names order '{clientOrderId}', which is not recorded for bot '{bot.Name}'; record the order first (or leave order_id out)");
        if (_orderIds.Count >= cache.MaxOrderIds)
        {
            _orderIds.Clear();
        }

        _orderIds[(bot.Id, clientOrderId)] = known;
        return known;
    }

    /// <summary>
    /// The bot's order that the exchange knows as <paramref name="exchangeOrderId"/>, or null while none is recorded:
    /// the fill naming it is kept, and linked when the order is (<see cref="BotActivityRecorder"/>).
    /// </summary>
    public KnownOrder? OrderOfExchange(BotRow bot, string exchangeOrderId)
    {
        var command = context.Reused("SELECT id, instrument_id, side FROM orders WHERE bot_id = @bot AND exchange_order_id = @exchange_id ORDER BY id LIMIT 1");
        command.Add("@bot", bot.Id);
        command.Add("@exchange_id", exchangeOrderId);
        return ReadOrder(command);
    }

    private static KnownOrder? ReadOrder(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new KnownOrder(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), EnumText.Parse<Side>(reader.GetString(2)))
            : null;
    }

    /// <summary>
    /// Refuses <paramref name="fill"/>, of <paramref name="symbol"/>, for executing <paramref name="order"/>, which trades
    /// another market or on the other side (<see cref="KnownOrder.Takes"/>).
    /// </summary>
    public TradebookException FillOfAnotherOrder(FillRecord fill, Symbol symbol, KnownOrder order)
    {
        var command = context.Reused("SELECT o.client_order_id, i.symbol, i.base, i.quote, i.kind FROM orders o JOIN instruments i ON i.id = o.instrument_id WHERE o.id = @order");
        command.Add("@order", order.Id);
        using var reader = command.ExecuteReader();
        reader.Read();
        var (orderId, orderSymbol) = (reader.GetString(0), reader.GetString(1));
        var sameMarket = (reader.GetString(2), reader.GetString(3), EnumText.Parse<InstrumentKind>(reader.GetString(4))) == (symbol.Base, symbol.Quote, symbol.Kind);
        return new TradebookException(ErrorCode.InvalidInput,
            $"fill '{fill.Id}' of bot '{fill.Bot}' is a {fill.Side.ToText()} of {fill.Symbol}; the order it executes, '{orderId}', is a {order.Side.ToText()} of {orderSymbol}: " +
            (sameMarket && order.Side == fill.Side ? $"one market, two spellings; write the fill's symbol as its order's, {orderSymbol}" : KnownOrder.Rule) +
            "; nothing was written");
    }

    public long DecisionId(BotRow bot, string decisionId, string orderId)
    {
        var command = context.Reused("SELECT id FROM decisions WHERE bot_id = @bot AND external_id = @id");
        command.Add("@bot", bot.Id);
        command.Add("@id", decisionId);
        return command.ExecuteScalar() is { } id and not DBNull
            ? Convert.ToInt64(id, CultureInfo.InvariantCulture)
            : throw new TradebookException(ErrorCode.InvalidInput, $"order '{orderId}' names decision '{decisionId}', which is not recorded for bot '{bot.Name}'");
    }
}
