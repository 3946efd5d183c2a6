using Microsoft.Data.Sqlite;

namespace PosAuth.Storage.Sqlite;

/// <summary>One forward step of the schema.</summary>
/// <param name="Version">The schema version after this step (1, 2, ...).</param>
/// <param name="Description">What the step does.</param>
/// <param name="Statements">The DDL statements, run in order inside one immediate transaction.</param>
/// <param name="Code">Work SQL alone cannot do (e.g. computing a MAC), run after the statements in the same transaction.</param>
internal sealed record SqliteMigration(int Version, string Description, IReadOnlyList<string> Statements, Action<SqliteConnection, AuditChain>? Code = null);
