using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Tradebook.Cli.Tests.Fuzz;

/// <summary><c>tradebook.json</c> documents: the documented <c>{"database": …}</c> with values good and bad, then mutated.</summary>
public static class ConfigDocuments
{
    private static readonly string[] Databases =
    [
        "\"tradebook.db\"", "\"data/tradebook.db\"", "\"./tradebook.db\"", "\"sqlite:///tradebook.db\"", "\"missing/folder/x.db\"",
        "\"Host=127.0.0.1;Port=notaport;Username=u\"", "\"Host=;Database=\"", "\"postgres://\"", "\"postgres://u:p@127.0.0.1:99999/db\"", "\"postgresql://u@h/db?sslmode=bogus\"",
        "\"a\\u0000b.db\"", "\"\\ud800.db\"", "\"\"", "\"   \"", "\"/\"", "\".\"", "\"..\"", "42", "null", "true", "[]", "{}", "[\"tradebook.db\"]",
    ];

    private static readonly string[] Extras = ["", ", \"databse\": \"x.db\"", ", \"database\": \"other.db\"", ", \"Database\": \"x.db\"", ", \"\": 1"];

    public static readonly Gen<string> Valid =
        from database in Gen.Elements(Databases)
        from extra in Gen.Elements(Extras)
        from shape in Gen.Frequency((8, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
        select shape switch
        {
            0 => $"{{\"database\": {database}{extra}}}",
            1 => $"[{{\"database\": {database}}}]",
            _ => database,
        };

    public static readonly Gen<(byte[] Bytes, Mutation Mutation)> Inputs =
        from text in Valid
        from mutation in Mutation.Generator(["database"])
        select (mutation.Apply(Encoding.UTF8.GetBytes(text)), mutation);
}
