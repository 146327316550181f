using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.MicrosoftExtensions;

namespace Tradebook.Server.Hosting;

/// <summary>
/// Makes the OpenAPI document describe each answer as the server sends it, so that a client generated from it reads
/// every answer (ApiContractTests checks real answers against these schemas). What the framework gets wrong: a field
/// left out when it is empty (a price bar's write has counts and no rows) was listed as required; text and times had
/// no type; and a problem was described without the <c>code</c> and <c>trace_id</c> every problem of this API
/// carries, and with no other field allowed; amounts were doubles, enumerations had no type, and lists of text no items.
/// </summary>
internal sealed class SchemasAsSent : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties.Where(LeftOutWhenEmpty))
            {
                required.Remove(property.Name);
            }
        }

        // Text and times go through the API's own converters (PlainTextConverter, UtcTimeConverter), whose schemas the
        // framework cannot see into: it gave them no type at all, and a generated client an untyped value.
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (schema.Type is null && (type == typeof(string) || type == typeof(DateTimeOffset)))
        {
            var nullable = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) is not null || context.JsonPropertyInfo is { IsGetNullable: true };
            schema.Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            if (type == typeof(DateTimeOffset))
            {
                schema.Format = "date-time";
            }
        }

        // Amounts are decimal, read from a number or from exact text; the framework named their format "double", and a
        // client generated from the document held them in binary floating point. "decimal" is the OpenAPI format
        // registry's fixed-point number, which Kiota and NSwag map to decimal.
        if (type == typeof(decimal))
        {
            schema.Format = "decimal";
        }

        // OpenAPI 3.0 has no list of types: "a number or its text" came out as an anyOf that generators for 3.0 read as
        // a union. There a number is the number the server writes (its text is still taken).
        if (context.DocumentName == ApiDocuments.OpenApi30 && schema.Type is { } types && types.HasFlag(JsonSchemaType.String)
            && (types.HasFlag(JsonSchemaType.Number) || types.HasFlag(JsonSchemaType.Integer)))
        {
            schema.Type = types & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        // Enumerations are written as their text (EnumText), and lists of text went through the same converter: the
        // framework described the one with no type and the other with no items.
        if (type.IsEnum && schema.Type is null)
        {
            schema.Type = JsonSchemaType.String;
        }

        if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Enumerable && context.JsonTypeInfo.ElementType == typeof(string) && schema.Items?.Type is null)
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        }

        if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
            schema.Properties["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "What went wrong, as a stable word a client can branch on: invalid_input, unknown_bot, conflict, database_locked, … (docs/api.md).",
            };
            schema.Properties["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's W3C trace id, as the server's log names it." };
            // A generated client (Kiota) throws a problem as an exception whose message is this field: the detail,
            // which says what to do, rather than "Exception of type 'ProblemDetails' was thrown".
            if (schema.Properties.TryGetValue("detail", out var detail) && detail is OpenApiSchema described)
            {
                described.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                described.Extensions[OpenApiPrimaryErrorMessageExtension.Name] = new OpenApiPrimaryErrorMessageExtension { IsPrimaryErrorMessage = true };
            }

            schema.AdditionalPropertiesAllowed = true;
            schema.AdditionalProperties = null;
        }

        return Task.CompletedTask;
    }

    private static bool LeftOutWhenEmpty(JsonPropertyInfo property) =>
        property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true).OfType<JsonIgnoreAttribute>()
            .Any(ignore => ignore.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault) == true;
}
