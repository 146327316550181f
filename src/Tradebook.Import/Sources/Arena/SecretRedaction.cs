using System.Security.Cryptography;
using System.Text;

namespace Tradebook.Import.Sources.Arena;

/// <summary>
/// Keeps credentials out of Tradebook: a value under a secret-looking name is replaced by a marker
/// carrying a short hash, enough to tell two keys apart and to recognise one, not to use it.
/// </summary>
internal static class SecretRedaction
{
    private static readonly string[] SecretWords = ["api_key", "apikey", "api-key", "secret", "token", "password", "passwd", "private_key", "privatekey"];

    public static bool IsSecretName(string name) =>
        SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    public static string Redact(string value)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        return $"***redacted (sha256 prefix {hash[..8]})";
    }
}
