namespace PcapSurvival.Cli.Tests;

/// <summary>
/// A copy of the repository's sources and build settings, without build output: to publish or pack without
/// touching this checkout's bin/ and obj/, which the running tests use.
/// </summary>
internal static class SourceCopy
{
    public static void Make(string repository, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (string file in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", "README.md" })
        {
            File.Copy(Path.Combine(repository, file), Path.Combine(destination, file));
        }

        string src = Path.Combine(repository, "src");
        foreach (string file in Directory.EnumerateFiles(src, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(src, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            string target = Path.Combine(destination, "src", relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
