namespace PosAuth.Samples.CustomStore.Tests;

/// <summary>A temporary directory per test class, deleted afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "posauth-customstore-tests", Guid.NewGuid().ToString("N"));

    public string NewSubdirectory() => System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
