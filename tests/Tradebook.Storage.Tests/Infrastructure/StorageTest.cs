namespace Tradebook.Storage.Tests.Infrastructure;

/// <summary>The base of every engine-parameterised test class: a fresh database per test, on the subclass's engine.</summary>
public abstract class StorageTest(StorageEngine engine) : IDisposable
{
    private readonly Lazy<TestDatabase> _db = new(engine.CreateDatabase);

    protected StorageEngine Engine { get; } = engine;

    protected TestDatabase Db => _db.Value;

    public void Dispose()
    {
        if (_db.IsValueCreated)
        {
            _db.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
