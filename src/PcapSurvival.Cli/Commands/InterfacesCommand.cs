using System.CommandLine;
using PcapSurvival.Capture;

namespace PcapSurvival.Cli.Commands;

/// <summary><c>pcapsurvival interfaces</c>: the devices capture -i accepts, numbered like tshark -D, with their addresses.</summary>
internal static class InterfacesCommand
{
    public static Command Create()
    {
        var command = new Command("interfaces", """
            List the interfaces live capture can use (by name or number with capture -i), with their addresses.

            Examples:
              pcapsurvival interfaces
              sudo pcapsurvival capture -i 2 --duration 30s
            """);
        command.SetAction(_ => Run());
        return command;
    }

    private static int Run()
    {
        IReadOnlyList<CaptureInterface> interfaces;
        try
        {
            interfaces = CaptureInterfaces.List();
        }
        catch (LibpcapMissingException e)
        {
            Terminal.Error(e.Message);
            return ExitCodes.Capture;
        }

        if (interfaces.Count == 0)
        {
            Terminal.Error("libpcap found no interfaces");
            return ExitCodes.Capture;
        }

        foreach (var i in interfaces)
        {
            string description = i.Description is null ? "" : $" ({i.Description})";
            var notes = new List<string>(2);
            if (i.IsNetworkInterface && !i.IsUp)
            {
                notes.Add("down");
            }

            if (i.IsLoopback)
            {
                notes.Add("loopback");
            }

            string flags = notes.Count == 0 ? "" : $" [{string.Join(", ", notes)}]";
            Console.Out.WriteLine($"{i.Number}. {i.Name}{description}{flags}");
            if (i.Addresses.Count > 0)
            {
                Console.Out.WriteLine($"     {string.Join("  ", i.Addresses)}");
            }
        }

        return ExitCodes.Success;
    }
}
