namespace PosAuth.Storage.Sqlite;

/// <summary>One forward step of the schema.</summary>
/// <param name="Version">The schema version after this step (1, 2, ...).</param>
/// <param name="Description">What the step does.</param>
/// <param name="Statements">The DDL statements, run in order inside one immediate transaction.</param>
internal sealed record SqliteMigration(int Version, string Description, IReadOnlyList<string> Statements);
