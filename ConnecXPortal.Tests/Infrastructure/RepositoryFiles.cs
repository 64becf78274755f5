namespace ConnecXPortal.Tests.Infrastructure;

/// <summary>Files committed to the repository, found from the test binaries by walking up to ConnecXPortal.sln.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConnecXPortal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with ConnecXPortal.sln) was not found above " + AppContext.BaseDirectory);
    }
}
