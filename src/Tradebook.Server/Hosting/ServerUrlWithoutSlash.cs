using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Names the server in the OpenAPI document without a trailing slash. The framework gives the request's base
/// address as it is (<c>http://127.0.0.1:5111/</c>); a client generated from the document joins it with each
/// path (<c>/api/v1/bots</c>) into <c>//api/v1/bots</c>, which no route answers.
/// </summary>
internal sealed class ServerUrlWithoutSlash : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        return Task.CompletedTask;
    }
}
