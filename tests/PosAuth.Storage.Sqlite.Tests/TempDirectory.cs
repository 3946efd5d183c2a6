namespace PosAuth.Storage.Sqlite.Tests;

/// <summary>A temporary directory per test class (an xunit class fixture), deleted with everything in it afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "posauth-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A new database path inside the directory (the file does not exist yet).</summary>
    public string NewDatabasePath() => System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N") + ".db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A child process killed by a test may still hold a handle for a moment; the OS temp cleaner takes the rest.
        }
    }
}
