using PcapSurvival.Core.Reading;

namespace PcapSurvival.Capture.Tests.Infrastructure;

/// <summary>The records of a capture file, read with the project's own reader.</summary>
internal static class PcapRecords
{
    /// <summary>The client's MAC in <see cref="NetworkLab"/>: Ethernet source of the packets the client sent.</summary>
    private static readonly byte[] ClientMac = [0x02, 0x00, 0x0a, 0xe7, 0x01, 0x01];

    public sealed record Record(long TimestampNs, int CapturedLength, int OriginalLength, string DataHash, bool SentByClient);

    /// <summary>All records, and whether the file ended cleanly (no damage, no truncated record).</summary>
    public static (List<Record> Records, int TimestampDigits, bool Clean) Read(string path)
    {
        using var reader = CaptureReader.Open(path);
        var records = new List<Record>();
        ReadStatus status;
        while ((status = reader.Read(out var packet)) == ReadStatus.Packet)
        {
            records.Add(new Record(packet.TimestampNs, packet.CapturedLength, packet.OriginalLength,
                Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(packet.Data)),
                packet.Data.Length >= 12 && packet.Data.Slice(6, 6).SequenceEqual(ClientMac)));
        }

        return (records, reader.TimestampDigits, status == ReadStatus.EndOfFile);
    }
}
