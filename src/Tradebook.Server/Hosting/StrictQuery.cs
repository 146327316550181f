using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Tradebook.Core;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Query parameters read as strictly as bodies: a name the endpoint does not take, or one given more than once, is
/// a 400 that names it and lists what the endpoint takes. Ignored, a misspelt filter (<c>symbol=</c> for
/// <c>product=</c>) answered with every row unfiltered, and <c>metric=sharpe</c> with a leaderboard ranked by return,
/// each taken by the client for what it asked; a repeated one was bound as its values joined by a comma.
/// </summary>
/// <remarks>
/// What an endpoint takes is read from its handler: the parameters of plain value types that are not route values.
/// A parameter named <c>_</c>, the cache buster some HTTP libraries append, is let through.
/// </remarks>
internal static class StrictQuery
{
    private const string CacheBuster = "_";

    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var taken = context.MethodInfo.GetParameters()
            .Where(p => p.Name is not null && IsPlainValue(p.ParameterType))
            .Select(p => p.Name!)
            .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        return invocation =>
        {
            var request = invocation.HttpContext.Request;
            foreach (var (name, values) in request.Query)
            {
                if (name == CacheBuster)
                {
                    continue;
                }

                if (!taken.Contains(name) || request.RouteValues.ContainsKey(name))
                {
                    throw new TradebookException(ErrorCode.InvalidInput, $"unknown query parameter '{name}'; {Takes(taken, request)}");
                }

                if (values.Count > 1)
                {
                    throw new TradebookException(ErrorCode.InvalidInput, $"query parameter '{name}' is given {values.Count} times; give it once");
                }
            }

            return next(invocation);
        };
    }

    private static string Takes(FrozenSet<string> taken, HttpRequest request)
    {
        var names = taken.Where(n => !request.RouteValues.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "this endpoint takes none" : $"this endpoint takes {string.Join(", ", names)}";
    }

    private static bool IsPlainValue(Type type)
    {
        var value = Nullable.GetUnderlyingType(type) ?? type;
        return value.IsPrimitive || value.IsEnum || value == typeof(string) || value == typeof(decimal)
            || value == typeof(DateTimeOffset) || value == typeof(DateTime) || value == typeof(Guid);
    }
}
