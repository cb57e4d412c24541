namespace GenerateTrace;

internal sealed class Settings
{
    public string Out { get; set; } = "";
    public int Connections { get; set; } = 100_000;
    public int DurationSeconds { get; set; } = 600;
    public int Clients { get; set; } = 2;
    public int Servers { get; set; } = 8;
    public int Seed { get; set; } = 1;
    public int SnapLength { get; set; } = 96;
    public bool Nanoseconds { get; set; }

    /// <summary>Capture start, fixed so that the same options give the same file (2025-03-03 09:00:00 UTC).</summary>
    public int StartUnixSeconds { get; set; } = 1_740_992_400;

    public void Validate()
    {
        if (Out.Length == 0)
        {
            throw new ArgumentException("--out FILE is required");
        }

        if (Connections < 1 || DurationSeconds < 1 || Clients is < 1 or > 200 || Servers is < 1 or > 200 || SnapLength is < 54 or > 262_144)
        {
            throw new ArgumentException("need --connections >= 1, --duration >= 1, --clients and --servers 1..200, --snaplen 54..262144");
        }
    }
}
