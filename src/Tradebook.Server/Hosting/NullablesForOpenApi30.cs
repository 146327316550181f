using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Describes a value that may be null in the form OpenAPI 3.0 has for it. OpenAPI 3.1 says "null or this schema" as
/// <c>oneOf: [null, $ref]</c>; written as 3.0 that became <c>oneOf: [{enum: [null], nullable: true}, $ref]</c>, a
/// "nullable" with no type that 3.0 does not define, which generators for 3.0 read as a union of two types. In the 3.0
/// document such a value is the schema alone, as <c>allOf: [$ref]</c>: a field a generated client may find null is an
/// optional one, as these fields are.
/// </summary>
internal sealed class NullablesForOpenApi30 : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var seen = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            Rewrite(schema, seen);
        }

        var operations = (document.Paths ?? new OpenApiPaths()).Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []);
        foreach (var operation in operations)
        {
            foreach (var parameter in operation.Parameters ?? [])
            {
                Rewrite(parameter.Schema, seen);
            }

            var bodies = operation.RequestBody?.Content?.Values.AsEnumerable() ?? [];
            var answers = (operation.Responses?.Values.AsEnumerable() ?? []).SelectMany(r => r.Content?.Values.AsEnumerable() ?? []);
            foreach (var media in bodies.Concat(answers))
            {
                Rewrite(media.Schema, seen);
            }
        }

        return Task.CompletedTask;
    }

    private static void Rewrite(IOpenApiSchema? described, HashSet<OpenApiSchema> seen)
    {
        if (described is not OpenApiSchema schema || !seen.Add(schema))
        {
            return;
        }

        if (schema.OneOf is { Count: 2 } options && options.Count(IsNull) == 1)
        {
            schema.AllOf = [options.Single(o => !IsNull(o))];
            schema.OneOf = null;
        }

        foreach (var inner in (schema.Properties?.Values ?? []).Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []))
        {
            Rewrite(inner, seen);
        }

        Rewrite(schema.Items, seen);
        Rewrite(schema.AdditionalProperties, seen);
    }

    private static bool IsNull(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
}
