namespace PosAuth.Demo;

/// <summary>Where the demo keeps operators, attempts, sessions and the audit trail (<c>--store</c>).</summary>
internal enum DemoStore
{
    /// <summary>The embedded SQLite file (the default): <c>UseSqlite(path)</c>.</summary>
    Sqlite,

    /// <summary>The in-memory stores of <c>UseInMemoryStores()</c>; nothing survives the process.</summary>
    Memory,
}
