using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Tradebook.Server.Tests.Support;

/// <summary>
/// The schemas the server's OpenAPI document gives for each answer, as JSON Schema 2020-12 (OpenAPI 3.1's own
/// dialect): what a generated client deserializes an answer into.
/// </summary>
internal sealed class DescribedSchemas
{
    private const string ComponentPrefix = "#/components/schemas/";

    private readonly JsonObject _paths;
    private readonly JsonObject _definitions;

    public DescribedSchemas(string openApiDocument)
    {
        var document = JsonNode.Parse(openApiDocument)!.AsObject();
        _paths = document["paths"]!.AsObject();
        _definitions = (JsonObject)Rewritten(document["components"]?["schemas"] ?? new JsonObject());
    }

    /// <summary>
    /// The problems of <paramref name="answer"/> against the schema the document gives for <paramref name="status"/>
    /// of <paramref name="method"/> <paramref name="path"/> (a template such as <c>/api/v1/bots/{bot}</c>); none when it conforms.
    /// </summary>
    public IReadOnlyList<string> Problems(string method, string path, int status, string answer)
    {
        var operation = _paths[path]?[method.ToLowerInvariant()]
            ?? throw new InvalidOperationException($"the document has no {method} {path}");
        var response = operation["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? throw new InvalidOperationException($"{method} {path} describes no {status} answer");
        var content = response["content"]?.AsObject();
        var media = content?.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value;
        if (media?["schema"] is not { } schema)
        {
            return [$"{method} {path} {status} describes no JSON schema"];
        }

        var root = Rewritten(schema).AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _definitions.DeepClone();
        var evaluated = JsonSchema.FromText(root.ToJsonString()).Evaluate(
            JsonDocument.Parse(answer).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List });
        return evaluated.IsValid
            ? []
            : (evaluated.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
                .DefaultIfEmpty("does not conform").ToList();
    }

    /// <summary>A copy of <paramref name="node"/> whose references to the document's components point into <c>$defs</c>.</summary>
    private static JsonNode Rewritten(JsonNode node)
    {
        var copy = node.DeepClone();
        Rewrite(copy);
        return copy;
    }

    private static void Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject item:
                if (item["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith(ComponentPrefix, StringComparison.Ordinal))
                {
                    item["$ref"] = "#/$defs/" + target[ComponentPrefix.Length..];
                }

                foreach (var (_, child) in item.ToList())
                {
                    Rewrite(child);
                }

                break;
            case JsonArray items:
                foreach (var child in items)
                {
                    Rewrite(child);
                }

                break;
        }
    }
}
