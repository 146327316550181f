using System.Net;
using Tradebook.Core;

namespace Tradebook.Server.Hosting;

/// <summary>
/// The server has no authentication yet, so it listens only where no one else can reach it: a loopback
/// address. A later release adds users and tokens and lifts this.
/// </summary>
public static class LoopbackGuard
{
    public static void Require(string urls)
    {
        ArgumentNullException.ThrowIfNull(urls);
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"'{url}' is not a URL to listen on; give one like http://127.0.0.1:5080");
            }

            var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
            if (!loopback)
            {
                throw new TradebookException(ErrorCode.InvalidInput, $"refusing to listen on {url}: Tradebook has no authentication yet, so it serves only loopback addresses (127.0.0.1, [::1], localhost). Put a reverse proxy with authentication in front of it to reach it from elsewhere, and name the host it forwards with --allowed-hosts");
            }
        }
    }
}
