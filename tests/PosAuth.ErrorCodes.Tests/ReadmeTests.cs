namespace PosAuth.ErrorCodes.Tests;

/// <summary>The package README's override example is a table the reader accepts, with every entry field in it.</summary>
public sealed class ReadmeTests
{
    [Fact]
    public void OverrideJsonExample_ParsesAndNamesEveryField()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "PosAuth.ErrorCodes", "README.md"));
        int start = readme.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        string json = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        IReadOnlyList<ErrorCodeOverride> entries = ErrorCodeOverrideJson.Parse(json);

        ErrorCodeOverride first = entries[0];
        Assert.Equal(ErrorSource.UnionPay, first.Source);
        Assert.Equal(SignInReason.HostDemanded, first.SignInReason);
        Assert.NotNull(first.Category);
        Assert.NotNull(first.Action);
        Assert.NotNull(first.Retryable);
        Assert.NotNull(first.RequiresSignIn);
        Assert.NotNull(first.CupClass);
        Assert.NotNull(first.MessageZh);
        Assert.NotNull(first.MessageEn);
    }

    private static string RepositoryRoot()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "PosAuth.Sdk.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("PosAuth.Sdk.sln not found above " + AppContext.BaseDirectory);
    }
}
