using System.Globalization;
using GenerateTrace;

// GenerateTrace: a synthetic, deterministic capture with many short TCP connections, for benchmarks.
// Usage: GenerateTrace --out FILE [--connections N] [--duration S] [--clients N] [--servers N] [--seed N]
//                      [--snaplen N] [--nanoseconds] [--start UNIX_SECONDS]
var settings = new Settings();
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
        switch (args[i])
        {
            case "--out" or "-o": settings.Out = Value(); break;
            case "--connections" or "-n": settings.Connections = Number(); break;
            case "--duration": settings.DurationSeconds = Number(); break;
            case "--clients": settings.Clients = Number(); break;
            case "--servers": settings.Servers = Number(); break;
            case "--seed": settings.Seed = Number(); break;
            case "--snaplen" or "-s": settings.SnapLength = Number(); break;
            case "--nanoseconds": settings.Nanoseconds = true; break;
            case "--start": settings.StartUnixSeconds = Number(); break;
            case "--help" or "-h":
                Console.WriteLine("GenerateTrace --out FILE [--connections N] [--duration S] [--clients N] [--servers N] [--seed N] [--snaplen N] [--nanoseconds] [--start UNIX_SECONDS]");
                return 0;
            default: throw new ArgumentException($"unknown option {args[i]}");
        }
    }

    settings.Validate();
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine($"GenerateTrace: {e.Message}");
    return 1;
}

try
{
    Console.WriteLine(TraceGenerator.Run(settings));
    return 0;
}
catch (ArgumentException e)
{
    File.Delete(settings.Out); // a partial trace would only mislead
    Console.Error.WriteLine($"GenerateTrace: {e.Message}");
    return 1;
}
