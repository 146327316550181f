namespace Tradebook.Server.Hosting;

/// <summary>
/// The documents that describe the API: in OpenAPI 3.1 (<c>/openapi/v1.json</c>) and, for the client generators that
/// read 3.0 only (Go's oapi-codegen among them), in 3.0 (<c>/openapi/v1-openapi3.0.json</c>): the same operations
/// and schemas.
/// </summary>
internal static class ApiDocuments
{
    public const string OpenApi31 = "v1";

    public const string OpenApi30 = "v1-openapi3.0";
}
