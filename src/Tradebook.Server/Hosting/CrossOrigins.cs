using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Tradebook.Core;

namespace Tradebook.Server.Hosting;

/// <summary>
/// The web pages a user names, with <see cref="ServerOptions.CorsOrigins"/>, as their own: a screen they build
/// and serve elsewhere (a dev server on localhost:3000, a notebook). Such a page may read the API and the event
/// stream and write through it, as Tradebook's own dashboard does. No page is allowed unless named: the server
/// has no authentication yet, so allowing any origin would let every site the user visits read their trading.
/// </summary>
internal static class CrossOrigins
{
    /// <summary>Each origin as a browser sends it (<c>scheme://host[:port]</c>, lower case); bad ones are refused.</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string> origins) =>
        origins.Select(Normalise).Distinct(StringComparer.Ordinal).ToList();

    public static IServiceCollection AddCrossOrigins(this IServiceCollection services, IReadOnlyList<string> origins) =>
        origins.Count == 0 ? services : services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins([.. origins])
            .AllowAnyMethod()
            .AllowAnyHeader()
            .WithExposedHeaders("Location", "Retry-After", "Preference-Applied")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

    public static IApplicationBuilder UseCrossOrigins(this IApplicationBuilder app, IReadOnlyList<string> origins) =>
        origins.Count == 0 ? app : app.UseCors();

    private static string Normalise(string origin)
    {
        var text = origin.Trim();
        if (text == "*")
        {
            throw new TradebookException(ErrorCode.InvalidInput, "--cors-origin '*' would let every web page the user visits read and write Tradebook, which has no authentication yet; name the origin of your own page, such as http://localhost:3000");
        }

        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.UserInfo.Length == 0
            && !text.EndsWith('/')
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : throw new TradebookException(ErrorCode.InvalidInput, $"--cors-origin '{text}' is not an origin: give the scheme, host and port a browser shows for your page, such as http://localhost:3000 (no path, no trailing slash)");
    }
}
