using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Tradebook.Server.Tests.Support;
using Tradebook.Storage.Tests.Infrastructure;

namespace Tradebook.Server.Tests;

/// <summary>
/// The OpenAPI document as a client generator reads it: through the OpenAPI.NET reader (what Kiota and NSwag build
/// on), with its validation rules, rather than as JSON the test walks by hand.
/// </summary>
public sealed class ApiDescriptionTests() : ServerTest(StorageEngine.Sqlite)
{
    [Fact]
    public async Task the_api_description_reads_and_validates_without_an_error()
    {
        var text = await Server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        var read = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());
        var document = read.Document;

        Assert.NotNull(document);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic?.SpecificationVersion);
        Assert.Empty((read.Diagnostic?.Errors ?? []).Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.Select(e => $"{e.Pointer}: {e.Message}") ?? []);
    }

    [Fact]
    public async Task the_api_is_described_in_openapi_3_0_too_for_generators_that_read_no_other()
    {
        // Go bots' usual generator (oapi-codegen) and others read OpenAPI 3.0 only: the 3.1 document left them no client.
        var text31 = await Server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var text30 = await Server.Http.GetStringAsync(new Uri("/openapi/v1-openapi3.0.json", UriKind.Relative));

        var read = OpenApiDocument.Parse(text30, "json", new OpenApiReaderSettings());
        var document = read.Document!;
        Assert.StartsWith("3.0.", System.Text.Json.JsonDocument.Parse(text30).RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, read.Diagnostic?.SpecificationVersion);
        Assert.Empty((read.Diagnostic?.Errors ?? []).Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.Select(e => $"{e.Pointer}: {e.Message}") ?? []);
        var paths31 = OpenApiDocument.Parse(text31, "json", new OpenApiReaderSettings()).Document!.Paths.Keys.Order(StringComparer.Ordinal);
        Assert.Equal(paths31, document.Paths.Keys.Order(StringComparer.Ordinal));
        var price = document.Components!.Schemas!["FillRow"].Properties!["price"];
        Assert.Equal("decimal", price.Format);
        Assert.Equal(JsonSchemaType.Number, price.Type);

        // 3.0 defines "nullable" beside a "type" only; a schema of several types came out as a union of them.
        using var json = System.Text.Json.JsonDocument.Parse(text30);
        var nullableWithoutType = Objects(json.RootElement)
            .Where(o => o.Element.TryGetProperty("nullable", out var nullable) && nullable.ValueKind == System.Text.Json.JsonValueKind.True && !o.Element.TryGetProperty("type", out _))
            .Select(o => o.Path);
        var unionsOfTypes = Objects(json.RootElement)
            .Where(o => o.Element.TryGetProperty("anyOf", out var anyOf) && anyOf.ValueKind == System.Text.Json.JsonValueKind.Array
                && anyOf.EnumerateArray().All(option => option.ValueKind == System.Text.Json.JsonValueKind.Object && (option.TryGetProperty("type", out _) || option.TryGetProperty("enum", out _))))
            .Select(o => o.Path);
        Assert.Empty(nullableWithoutType);
        Assert.Empty(unionsOfTypes);
    }

    [Fact]
    public async Task every_field_of_every_schema_has_a_type_but_a_bots_config_which_is_any_json()
    {
        // Text and times go through the API's own converters, and the framework described them with no type at all:
        // a generated client read every name, id and time as an untyped value.
        var text = await Server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings()).Document!;

        var untyped = document.Components!.Schemas!
            .SelectMany(schema => (schema.Value.Properties ?? new Dictionary<string, IOpenApiSchema>()).Select(field => (Schema: schema.Key, Field: field.Key, Description: field.Value)))
            .Where(f => f.Description is not OpenApiSchemaReference && f.Description.Type is null && f.Description.OneOf is not { Count: > 0 } && f.Description.AnyOf is not { Count: > 0 } && f.Description.AllOf is not { Count: > 0 })
            .Select(f => $"{f.Schema}.{f.Field}")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(["BotInput.config", "BotPatch.config"], untyped);
    }

    [Fact]
    public async Task every_list_names_the_type_of_its_items_and_every_enumeration_is_text()
    {
        // A bot's warnings were described as an array of nothing in particular and its mode as an enumeration of no
        // type: a generated TypeScript client typed them unknown[] and unknown.
        var text = await Server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings()).Document!;

        var untyped = new List<string>();
        void Walk(string path, IOpenApiSchema schema)
        {
            if (schema is OpenApiSchemaReference)
            {
                return;
            }

            if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Array)
                && schema.Items is not OpenApiSchemaReference && schema.Items?.Type is null && schema.Items?.OneOf is not { Count: > 0 } && schema.Items?.AnyOf is not { Count: > 0 })
            {
                untyped.Add($"{path}[]");
            }

            if (schema.Enum is { Count: > 0 } && schema.Type is null)
            {
                untyped.Add($"{path} (enumeration)");
            }

            foreach (var (name, field) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                Walk($"{path}.{name}", field);
            }

            if (schema.Items is { } items)
            {
                Walk($"{path}[]", items);
            }
        }

        foreach (var (name, schema) in document.Components!.Schemas!)
        {
            Walk(name, schema);
        }

        Assert.Empty(untyped);
    }

    [Fact]
    public async Task every_amount_is_described_as_a_decimal_never_a_double()
    {
        // Amounts are decimal on the server and sent as exact text or numbers; the document called them "double", so a
        // client generated from it (Kiota, NSwag) held prices, quantities and P&L in binary floating point.
        var text = await Server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var json = System.Text.Json.JsonDocument.Parse(text);

        var floating = Objects(json.RootElement)
            .Where(o => o.Element.TryGetProperty("format", out var format) && format.ValueKind == System.Text.Json.JsonValueKind.String && format.GetString() is "double" or "float")
            .Select(o => o.Path)
            .ToList();

        Assert.Empty(floating);
        var price = json.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("FillRow").GetProperty("properties").GetProperty("price");
        Assert.Equal("decimal", price.GetProperty("format").GetString());
    }

    [Fact]
    public async Task a_problem_s_detail_is_the_message_of_a_generated_client_s_exception()
    {
        // Kiota threw every problem as "Exception of type 'ProblemDetails' was thrown": the detail that says what to do
        // is the message it should carry, which the document says with Microsoft's extension for it.
        var text = await Server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var json = System.Text.Json.JsonDocument.Parse(text);

        var detail = json.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDetails").GetProperty("properties").GetProperty("detail");

        Assert.True(detail.GetProperty("x-ms-primary-error-message").GetBoolean());
    }

    [Fact]
    public async Task every_write_takes_a_described_body_and_every_operation_answers_a_described_type()
    {
        // A generated client needs a schema for what it sends and for what it gets back: an operation without one
        // gives it an untyped stream, which is what the typed endpoints exist to avoid.
        var text = await Server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings()).Document!;

        var operations = document.Paths
            .Where(p => p.Key.StartsWith("/api/v1/", StringComparison.Ordinal) && p.Key != "/api/v1/events")
            .SelectMany(p => p.Value.Operations!.Select(o => (Path: p.Key, Method: o.Key, Operation: o.Value)))
            .ToList();
        Assert.NotEmpty(operations);
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation.OperationId), $"{name} has no operationId to name its client method");
            var success = operation.Responses!.Where(r => r.Key.StartsWith('2')).Select(r => r.Value).ToList();
            Assert.True(success.Count > 0, $"{name} describes no success");
            Assert.All(success.Where(r => r.Content is { Count: > 0 }), r => Assert.All(r.Content!.Values, c => Assert.NotNull(c.Schema)));
            if (method == HttpMethod.Post && operation.RequestBody is { } body)
            {
                Assert.NotEmpty(body.Content!);
                Assert.All(body.Content!.Values, c => Assert.NotNull(c.Schema));
            }
        }
    }

    [Fact]
    public async Task a_client_that_joins_the_described_server_and_a_path_reaches_the_operation()
    {
        // The document named its server with a trailing slash (http://127.0.0.1:5111/); a client generated from it joins
        // that and "/api/v1/bots" into "//api/v1/bots", which no route answers.
        var text = await Server.Http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings()).Document!;

        var server = Assert.Single(document.Servers!);
        Assert.False(server.Url!.EndsWith('/'), server.Url);
        var bots = await Server.Http.GetAsync(new Uri(server.Url + "/api/v1/bots"));
        Assert.Equal(System.Net.HttpStatusCode.OK, bots.StatusCode);
    }

    /// <summary>Every object of a JSON document with its path, the document's own first: schemas nest at any depth.</summary>
    private static IEnumerable<(string Path, System.Text.Json.JsonElement Element)> Objects(System.Text.Json.JsonElement element, string path = "")
    {
        var children = element.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Object => element.EnumerateObject().Select(p => ($"{path}/{p.Name}", p.Value)),
            System.Text.Json.JsonValueKind.Array => element.EnumerateArray().Select((item, i) => ($"{path}/{i}", item)),
            _ => [],
        };
        if (element.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            yield return (path, element);
        }

        foreach (var (childPath, child) in children)
        {
            foreach (var found in Objects(child, childPath))
            {
                yield return found;
            }
        }
    }
}
