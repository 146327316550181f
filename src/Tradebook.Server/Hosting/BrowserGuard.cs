using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Keeps web pages out. With no authentication yet the server listens on loopback, where every program of the
/// user may reach it, and so may any page the user's browser shows: a page can send a "simple" POST anywhere
/// without asking first (a form, or a fetch with a text body), and a page on a name that resolves to 127.0.0.1
/// (DNS rebinding) is even of the same origin as the server. So:
/// <list type="bullet">
/// <item>a request naming a host the server does not answer to (not a loopback name or address, nor one of
/// <see cref="ServerOptions.AllowedHosts"/>) is a 421, read or write;</item>
/// <item>a write (any method but GET, HEAD and OPTIONS) that a browser marks as sent from another site's page
/// (<c>Sec-Fetch-Site</c> other than <c>same-origin</c> or <c>none</c>, or else an <c>Origin</c> that is not
/// the server's own) is a 403.</item>
/// </list>
/// A bot or a script sends neither mark and is served as before. Reads need no more: the server sends no
/// <c>Access-Control-Allow-Origin</c>, so a browser never hands another site's page what it read. The pages
/// the user names as their own (<see cref="ServerOptions.CorsOrigins"/>) are not another site.
/// </summary>
internal static class BrowserGuard
{
    public static IApplicationBuilder UseBrowserGuard(this IApplicationBuilder app, IReadOnlyList<string> allowedHosts, IReadOnlyList<string> ownOrigins)
    {
        var allowed = new HashSet<string>(allowedHosts.Select(h => h.Trim().TrimEnd('.')), StringComparer.OrdinalIgnoreCase);
        var own = new HashSet<string>(ownOrigins, StringComparer.OrdinalIgnoreCase);
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.Host.HasValue && !IsServed(request.Host.Host, allowed))
            {
                await ApiProblems.Write(
                    context,
                    StatusCodes.Status421MisdirectedRequest,
                    "unknown_host",
                    $"this server does not answer to the host '{request.Host.Value}': reach it as localhost or 127.0.0.1, or start it with --allowed-hosts naming the host a reverse proxy forwards").ConfigureAwait(false);
                return;
            }

            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method) && FromAnotherSite(request, own))
            {
                await ApiProblems.Write(
                    context,
                    StatusCodes.Status403Forbidden,
                    "cross_site_request",
                    "a browser sent this write from another site's page, which may not write to Tradebook; nothing was written. Write from a bot, a script or Tradebook's own dashboard").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }

    private static bool IsServed(string host, HashSet<string> allowed)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address))
            || allowed.Contains(name);
    }

    private static bool FromAnotherSite(HttpRequest request, HashSet<string> ownOrigins)
    {
        if (ownOrigins.Contains(request.Headers.Origin.ToString()))
        {
            return false;
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));
    }
}
