using System.Text.RegularExpressions;
using ConnecXPortal.Tests.Infrastructure;
using FluentAssertions;

namespace ConnecXPortal.Tests.Architecture;

/// <summary>
/// Which feature folders of the Web project name which others (a using line or a full name in any .cs or .razor file,
/// a folder's _Imports.razor counting for its feature), read from the source: no two may depend on each other both ways,
/// and each feature README's "Depends on:" line must say what the source does.
/// </summary>
public sealed partial class FeatureDependencyTests
{
    private static readonly string FeaturesRoot = RepositoryFiles.PathOf("ConnecXPortal.Web", "Features");

    [Fact]
    public void NoTwoFeatures_DependOnEachOther_BothWays()
    {
        var graph = Dependencies();

        var cycles = graph
            .SelectMany(f => f.Value.Where(d => string.CompareOrdinal(f.Key, d) < 0 && graph.GetValueOrDefault(d)?.Contains(f.Key) == true)
                .Select(d => $"{f.Key} <-> {d}"))
            .Order(StringComparer.Ordinal)
            .ToList();

        cycles.Should().BeEmpty("a feature that needs a lower one's piece moves the piece or asks for it through an interface in the lower one");
    }

    [Fact]
    public void EachFeatureReadme_SaysWhatItDependsOn()
    {
        var graph = Dependencies();
        foreach (var (feature, dependencies) in graph)
        {
            var readme = Path.Combine(FeaturesRoot, feature, "README.md");
            File.Exists(readme).Should().BeTrue($"Features/{feature} needs a README.md with its \"Depends on:\" line");
            var line = File.ReadLines(readme).FirstOrDefault(l => l.StartsWith("Depends on:", StringComparison.Ordinal));
            line.Should().NotBeNull($"Features/{feature}/README.md needs a line starting \"Depends on:\"");

            var said = DependsOnList().Matches(line!).Select(m => m.Groups[1].Value).Where(graph.ContainsKey).Order(StringComparer.Ordinal);
            said.Should().Equal(dependencies.Order(StringComparer.Ordinal), $"Features/{feature}/README.md says \"{line}\"");
        }
    }

    [Fact]
    public void NoImportsFileAboveTheFeatures_ImportsAFeature()
    {
        // An _Imports.razor above the feature folders reaches every page: a feature namespace there would be a
        // dependency of every feature that neither the reader above nor the READMEs could see.
        var web = RepositoryFiles.PathOf("ConnecXPortal.Web");
        var shared = new[] { Path.Combine(web, "_Imports.razor"), Path.Combine(FeaturesRoot, "_Imports.razor") };

        foreach (var file in shared)
        {
            FeatureReference().Matches(File.ReadAllText(file)).Select(m => m.Value).Should()
                .BeEmpty($"{Path.GetRelativePath(web, file)} is read by every feature page");
        }
    }

    [Fact]
    public void TheReader_FindsAKnownDependency()
    {
        // Guards the reader itself: the communication kit names Announcements and Cutover in its using lines.
        Dependencies()["Manage"].Should().Contain("Announcements").And.Contain("Cutover");
    }

    /// <summary>Feature (top folder under Features) to the other features its files name.</summary>
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var graph = Directory.GetDirectories(FeaturesRoot).Select(Path.GetFileName).ToDictionary(f => f!, _ => new HashSet<string>(), StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(FeaturesRoot, "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(FeaturesRoot, file).Split(Path.DirectorySeparatorChar);
            if (relative.Length < 2)
            {
                continue;
            }

            var feature = relative[0];
            foreach (Match match in FeatureReference().Matches(File.ReadAllText(file)))
            {
                var other = match.Groups[1].Value;
                if (other != feature && graph.ContainsKey(other))
                {
                    graph[feature].Add(other);
                }
            }
        }

        return graph;
    }

    [GeneratedRegex(@"ConnecXPortal\.Web\.Features\.([A-Za-z]+)")]
    private static partial Regex FeatureReference();

    [GeneratedRegex(@"\b([A-Z][A-Za-z]+)\b")]
    private static partial Regex DependsOnList();
}
