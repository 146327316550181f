using System.Data.Common;
using Tradebook.Core;
using Tradebook.Core.Domain;
using Tradebook.Storage.Connection;

namespace Tradebook.Storage.Ledger;

/// <summary>Adding and finding bots. A bot's name is its natural key; its mode never changes.</summary>
public static class Bots
{
    private const string Select = """
        SELECT b.id, b.name, b.mode, b.cost_method, b.exchange, b.strategy_name, b.strategy_version, b.config, b.created_at, u.name
        FROM bots b LEFT JOIN users u ON u.id = b.user_id
        """;

    /// <summary>Adds a bot; adding the same bot again changes nothing, a different one under the same name is refused.</summary>
    public static (BotRow Bot, bool Inserted) Add(DbConnection connection, DbTransaction transaction, TradebookDatabase database, BotSpec spec, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            throw new TradebookException(ErrorCode.InvalidInput, "a bot needs a name");
        }

        NameLength.Check("name", spec.Name);
        NameLength.Check("exchange", spec.Exchange);
        NameLength.Check("strategy_name", spec.StrategyName);
        NameLength.Check("strategy_version", spec.StrategyVersion);

        if (Find(connection, transaction, spec.Name) is { } existing)
        {
            // A bot's name is unique across users, so another user's bot keeps its name.
            if (spec.User is not null && existing.Owner != spec.User)
            {
                throw new TradebookException(ErrorCode.Conflict, $"the name '{spec.Name}' is taken by a bot that is not yours; add yours under another name");
            }

            var differences = Differences(existing, spec);
            if (differences.Count > 0)
            {
                throw new TradebookException(ErrorCode.Conflict, $"bot '{spec.Name}' already exists with {string.Join(", ", differences)}; a bot's mode and settings do not change: add a new bot under another name");
            }

            return (existing, false);
        }

        long? userId = null;
        if (!string.IsNullOrWhiteSpace(spec.User))
        {
            using var user = connection.Command(transaction, """
                INSERT INTO users (name, created_at) VALUES (@name, @now) ON CONFLICT (name) DO NOTHING;
                """);
            user.Add("@name", spec.User);
            user.Add("@now", database.Timestamp(now));
            user.ExecuteNonQuery();
            using var find = connection.Command(transaction, "SELECT id FROM users WHERE name = @name");
            find.Add("@name", spec.User);
            userId = Convert.ToInt64(find.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        using var insert = connection.Command(transaction, """
            INSERT INTO bots (user_id, name, mode, cost_method, exchange, strategy_name, strategy_version, config, created_at)
            VALUES (@user_id, @name, @mode, @cost_method, @exchange, @strategy_name, @strategy_version, @config, @created_at)
            """);
        insert.Add("@user_id", userId);
        insert.Add("@name", spec.Name);
        insert.Add("@mode", spec.Mode.ToText());
        insert.Add("@cost_method", spec.Method.ToText());
        insert.Add("@exchange", spec.Exchange);
        insert.Add("@strategy_name", spec.StrategyName);
        insert.Add("@strategy_version", spec.StrategyVersion);
        insert.Add("@config", spec.Config);
        insert.Add("@created_at", database.Timestamp(now));
        insert.ExecuteNonQuery();
        return (Find(connection, transaction, spec.Name)!, true);
    }

    public static BotRow? Find(DbConnection connection, DbTransaction? transaction, string name)
    {
        using var command = connection.Command(transaction, $"{Select} WHERE b.name = @name");
        command.Add("@name", name);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    public static List<BotRow> List(DbConnection connection, DbTransaction? transaction = null)
    {
        using var command = connection.Command(transaction, $"{Select} ORDER BY b.name");
        using var reader = command.ExecuteReader();
        var bots = new List<BotRow>();
        while (reader.Read())
        {
            bots.Add(Read(reader));
        }

        return bots;
    }

    private static BotRow Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        EnumText.Parse<BotMode>(reader.GetString(2)),
        EnumText.Parse<CostBasisMethod>(reader.GetString(3)),
        reader.GetStringOrNull(4),
        reader.GetStringOrNull(5),
        reader.GetStringOrNull(6),
        reader.GetStringOrNull(7),
        StoredTime.Read(reader.GetValue(8)),
        reader.GetStringOrNull(9));

    private static List<string> Differences(BotRow row, BotSpec spec)
    {
        var differences = new List<string>();
        if (row.Mode != spec.Mode)
        {
            differences.Add($"mode {row.Mode.ToText()} (not {spec.Mode.ToText()})");
        }

        if (row.Method != spec.Method)
        {
            differences.Add($"cost method {row.Method.ToText()} (not {spec.Method.ToText()})");
        }

        return differences;
    }
}
