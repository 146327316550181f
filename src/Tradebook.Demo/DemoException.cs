namespace Tradebook.Demo;

/// <summary>The server refused a demo write: the message names the request and the server's reason.</summary>
public sealed class DemoException(string message) : Exception(message);
