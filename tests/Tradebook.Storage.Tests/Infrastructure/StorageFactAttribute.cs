using Xunit.Abstractions;
using Xunit.Sdk;

namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>Marks the test classes that run on PostgreSQL, so that their tests skip when no server is given.</summary>
public interface IPostgresTests;

/// <summary>
/// A storage test, run once per engine through the engine's subclass. On a PostgreSQL subclass it
/// is skipped (outside CI) when no server is configured; see <see cref="TestPostgres"/>.
/// </summary>
[XunitTestCaseDiscoverer("Tradebook.Storage.Tests.Infrastructure.StorageFactDiscoverer", "Tradebook.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StorageFactAttribute : FactAttribute;

public sealed class StorageFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        new StorageTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
}

public sealed class StorageTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StorageTestCase()
    {
    }

    public StorageTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, options, testMethod)
    {
    }

    // Decided from the environment each time, so a serialized test case needs no extra state.
    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        typeof(IPostgresTests).IsAssignableFrom(TestMethod.TestClass.Class.ToRuntimeType())
            ? TestPostgres.SkipReason ?? base.GetSkipReason(factAttribute)
            : base.GetSkipReason(factAttribute);
}

/// <summary>A storage theory, run once per engine like <see cref="StorageFactAttribute"/>, and skipped the same way.</summary>
[XunitTestCaseDiscoverer("Tradebook.Storage.Tests.Infrastructure.StorageTheoryDiscoverer", "Tradebook.Storage.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class StorageTheoryAttribute : TheoryAttribute;

public sealed class StorageTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        typeof(IPostgresTests).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType()) && TestPostgres.SkipReason is { } reason
            ? CreateTestCasesForSkip(discoveryOptions, testMethod, theoryAttribute, reason)
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}
