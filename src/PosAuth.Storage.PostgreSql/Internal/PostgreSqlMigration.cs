namespace PosAuth.Storage.PostgreSql;

/// <summary>One forward step of the schema.</summary>
/// <param name="Version">The schema version after this step (1, 2, ...).</param>
/// <param name="Description">What the step does.</param>
/// <param name="Statements">The DDL, with <c>{schema}</c> standing for the quoted schema name; run in order in one transaction.</param>
internal sealed record PostgreSqlMigration(int Version, string Description, IReadOnlyList<string> Statements);
