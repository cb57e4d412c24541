namespace PcapSurvival.Capture.Tests.Infrastructure;

internal sealed class TempDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("pcapsurvival-test-");

    public string Root => _directory.FullName;

    public string File(string name) => Path.Combine(_directory.FullName, name);

    public void Dispose()
    {
        try
        {
            _directory.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Left for the system's tmp cleaning.
        }
    }
}
