using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Tradebook.Server.Hosting;

/// <summary>
/// A route value is the whole decoded text of its path segment. The server decodes every escape of a path but
/// <c>%2F</c>, which it keeps so as not to turn one segment into two; a bot named <c>desk/alpha</c> (as bots
/// imported from other tools are) then answered 404 at <c>/api/v1/bots/desk%2Falpha</c>, the address a
/// browser's <c>encodeURIComponent</c> makes of it. Where the request's own target holds an encoded slash, each
/// parameter that is a segment of its own is read again from that target, decoded once and whole.
/// </summary>
internal static class EncodedSlashes
{
    /// <summary>Runs after routing, before the endpoint binds its parameters.</summary>
    public static IApplicationBuilder UseEncodedSlashes(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (target is not null && target.Contains("%2F", StringComparison.OrdinalIgnoreCase) && context.GetEndpoint() is RouteEndpoint endpoint)
            {
                Decode(context.Request.RouteValues, endpoint.RoutePattern, target.Split('?', 2)[0]);
            }

            return next(context);
        });

    private static void Decode(RouteValueDictionary values, RoutePattern pattern, string path)
    {
        // "/api/v1/bots/desk%2Falpha" splits into "", "api", "v1", "bots", "desk%2Falpha": segment i is at i + 1.
        var segments = path.Split('/');
        if (!path.StartsWith('/') || segments.Length != pattern.PathSegments.Count + 1)
        {
            return;
        }

        for (var i = 0; i < pattern.PathSegments.Count; i++)
        {
            if (pattern.PathSegments[i].Parts is [RoutePatternParameterPart { IsCatchAll: false } parameter])
            {
                values[parameter.Name] = Uri.UnescapeDataString(segments[i + 1]);
            }
        }
    }
}
