using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Describes a write endpoint's body in the OpenAPI document without making the server insist on a
/// content type: the handler reads the body itself with the record format's parser, and a bot that
/// forgets its Content-Type header is still understood.
/// </summary>
public static class RequestBodyDocs
{
    public static RouteHandlerBuilder RequestBody<T>(this RouteHandlerBuilder endpoint) => endpoint.RequestBody(typeof(T));

    public static RouteHandlerBuilder RequestBody(this RouteHandlerBuilder endpoint, Type type)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.AddOpenApiOperationTransformer(async (operation, context, cancellation) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(type, null, cancellation).ConfigureAwait(false);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "Records as docs/record-format.md defines them: one object, an array, an object of arrays per kind, or JSON Lines (application/x-ndjson).",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = schema },
                    ["application/x-ndjson"] = new() { Schema = schema },
                },
            };
        });
    }
}
