using System.Globalization;
using Tradebook.Core.Domain;
using Tradebook.Storage.Sqlite;

namespace Tradebook.Import.Sources.GenericTrades;

/// <summary>
/// Names the bot of each trade row: through the bots table when there is one, from a bot-name column
/// when there is not, else the one bot of the source. A reference the bots table lacks becomes a
/// placeholder bot, remembered so that consolidation can resolve it from another copy.
/// </summary>
internal sealed class BotResolver(ImportSet set, ImportOptions options, TradeMapping? mapping, string path)
{
    private readonly Dictionary<long, string> _byNumber = [];
    private readonly Dictionary<string, string> _byText = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _missing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _testBots = new(StringComparer.Ordinal);
    private bool _hasTable;
    private string? _sourceBot;

    public IReadOnlyDictionary<string, string> Refs => _refs;

    /// <summary>Placeholder bot name → the reference that no bots row has.</summary>
    public IReadOnlyDictionary<string, string> MissingBots => _missing;

    public int OrphanRows { get; private set; }

    public void AddTable(IEnumerable<SourceBot> bots)
    {
        _hasTable = true;
        foreach (var bot in bots)
        {
            _refs[bot.Ref] = bot.Spec.Name;
            _byText[bot.Ref] = bot.Spec.Name;
            if (long.TryParse(bot.Ref, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                _byNumber[number] = bot.Spec.Name;
            }

            set.Bots.Add(bot.Spec);
        }
    }

    public string Resolve(SqliteRows row, int ordinal)
    {
        if (!_hasTable)
        {
            // A bot named by the mapping takes every row; otherwise a bot-name column names them.
            return mapping?.Bot is not null || row.IsNull(ordinal) ? SourceBot() : NamedBot(row.String(ordinal).Trim());
        }

        if (!row.IsNull(ordinal))
        {
            if (row.Type(ordinal) == SqliteValueType.Integer)
            {
                var number = row.Int64(ordinal);
                if (_byNumber.TryGetValue(number, out var name))
                {
                    return name;
                }

                return Orphan(number.ToString(CultureInfo.InvariantCulture));
            }

            var text = row.String(ordinal).Trim();
            return _byText.TryGetValue(text, out var byText) ? byText : Orphan(text);
        }

        return Orphan("NULL");
    }

    public string TestBotOf(string bot)
    {
        if (!_testBots.TryGetValue(bot, out var test))
        {
            test = bot + " (test)";
            _testBots[bot] = test;
            var spec = set.Bots.FirstOrDefault(b => b.Name == bot);
            set.Bots.Add((spec ?? new BotSpec(bot, BotMode.Test)) with { Name = test, Mode = BotMode.Test });
        }

        return test;
    }

    private string Orphan(string reference)
    {
        OrphanRows++;
        var placeholder = Prefixed($"missing bot {reference}");
        if (_missing.TryAdd(placeholder, reference))
        {
            set.Bots.Add(new BotSpec(placeholder, options.Mode ?? BotMode.Live));
        }

        return placeholder;
    }

    private string NamedBot(string name)
    {
        if (name.Length == 0)
        {
            return SourceBot();
        }

        var full = Prefixed(name);
        if (!_byText.ContainsKey(full))
        {
            _byText[full] = full;
            set.Bots.Add(new BotSpec(full, options.Mode ?? BotMode.Live));
        }

        return full;
    }

    /// <summary>The source's one bot: named by the user, the mapping, or else after the file.</summary>
    private string SourceBot()
    {
        if (_sourceBot is null)
        {
            _sourceBot = options.BotName ?? mapping?.Bot ?? Path.GetFileNameWithoutExtension(path);
            set.Bots.Add(new BotSpec(_sourceBot, options.Mode ?? BotMode.Live));
        }

        return _sourceBot;
    }

    private string Prefixed(string name) => options.BotName is { } prefix ? $"{prefix}/{name}" : name;
}
