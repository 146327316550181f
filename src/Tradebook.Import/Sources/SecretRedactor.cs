using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tradebook.Import.Sources;

/// <summary>
/// Withholds secret-looking values (API keys, secrets, tokens, passwords) from a bot's parameters, at any
/// depth, so that Tradebook never stores another program's credentials in plaintext.
/// </summary>
public static class SecretRedactor
{
    public const string Redacted = "[redacted]";

    private static readonly string[] SecretWords =
        ["api_key", "apikey", "api-key", "secret", "token", "password", "passwd", "passphrase", "private_key", "privatekey", "credential"];

    public static bool IsSecretKey(string key) => SecretWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase));

    /// <summary>A marker in place of one secret value, with a short hash: enough to tell two keys apart, not to use one.</summary>
    public static string RedactValue(string value)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        return $"***redacted (sha256 prefix {hash[..8]})";
    }

    /// <summary>Returns the JSON with secret values replaced, the keys withheld, or null text unchanged when it is not JSON.</summary>
    public static (string? Json, IReadOnlyList<string> Withheld) Redact(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return (json, []);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            // Not JSON: keep it only if it does not look like it carries a secret.
            return SecretWords.Any(w => json.Contains(w, StringComparison.OrdinalIgnoreCase)) ? (Redacted, ["(text)"]) : (json, []);
        }

        var withheld = new List<string>();
        Walk(node, "", withheld);
        return (withheld.Count == 0 ? json : node?.ToJsonString(), withheld);
    }

    private static void Walk(JsonNode? node, string path, List<string> withheld)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = path.Length == 0 ? key : path + "." + key;
                    if (IsSecretKey(key) && obj[key] is JsonValue)
                    {
                        obj[key] = Redacted;
                        withheld.Add(child);
                    }
                    else
                    {
                        Walk(obj[key], child, withheld);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{i}]", withheld);
                }

                break;
        }
    }
}
