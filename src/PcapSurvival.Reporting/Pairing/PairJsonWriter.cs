using System.Text.Json;
using PcapSurvival.Core.Pairing;

namespace PcapSurvival.Reporting.Pairing;

/// <summary>
/// The pair tables as JSON Lines: one object per line with a "type" (path_loss, matched_connection,
/// unmatched_connection, path_outage, clock_offset) and the CSV files' fields under the same names; numbers as
/// numbers, times as ISO-8601 text, an unknown value as null.
/// </summary>
public sealed class PairJsonWriter : IPairSink, IDisposable
{
    private const decimal Nanoseconds = 1_000_000_000m;
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;
    private string[] _files = ["", ""];
    private int[] _digits = [6, 6];

    public PairJsonWriter(Stream stream)
    {
        _stream = new BufferedStream(stream, 1 << 16);
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Indented = false });
    }

    public void Started(string nameA, int digitsA, string nameB, int digitsB)
    {
        _files = [nameA, nameB];
        _digits = [digitsA, digitsB];
    }

    public void PathLoss(in PathLossRecord loss)
    {
        var row = new PathLossRow(loss);
        int point = (int)loss.SeenAt;
        Begin("path_loss", _files[point]);
        _json.WriteString("point", PairNames.Point(loss.SeenAt));
        _json.WriteNumber("frame", loss.Frame);
        _json.WriteString("time", Timestamps.Iso(loss.TimeNs, _digits[point]));
        _json.WriteNumber("pair", loss.Pair.Number);
        _json.WriteString("direction", PairNames.Direction(loss.FromClient));
        _json.WriteString("kind", PairNames.Kind(loss.Kind));
        _json.WriteString("src", row.Source);
        _json.WriteNumber("src_port", row.SourcePort);
        _json.WriteString("dst", row.Destination);
        _json.WriteNumber("dst_port", row.DestinationPort);
        _json.WriteNumber("seq", loss.RelativeSequence);
        _json.WriteNumber("len", loss.Length);
        _json.WriteString("flags", TcpFlagText.Of(loss.Flags));
        _json.WriteNumber("ip_id", loss.IpId);
        _json.WriteBoolean("retransmission", loss.Retransmission);
        End();
    }

    public void Completed(PairResult result)
    {
        int digits = result.TimestampDigits;
        foreach (var pair in result.Pairs)
        {
            Begin("matched_connection", _files[0]);
            _json.WriteNumber("pair", pair.Number);
            _json.WriteString("client_a", pair.ClientAtA.ToString());
            _json.WriteNumber("client_port_a", pair.ClientPortAtA);
            _json.WriteString("server_a", pair.ServerAtA.ToString());
            _json.WriteNumber("server_port_a", pair.ServerPortAtA);
            _json.WriteString("client_b", pair.ClientAtB.ToString());
            _json.WriteNumber("client_port_b", pair.ClientPortAtB);
            _json.WriteString("server_b", pair.ServerAtB.ToString());
            _json.WriteNumber("server_port_b", pair.ServerPortAtB);
            _json.WriteBoolean("translated", pair.Translated);
            _json.WriteString("matched_by", pair.MatchedBySyn ? "handshake" : "segments");
            _json.WriteString("first_seen_a", Timestamps.Iso(pair.FirstSeenAtANs, digits));
            _json.WriteString("first_seen_b", Timestamps.Iso(pair.FirstSeenAtBNs, digits));
            _json.WriteNumber("packets_a", pair.PacketsAtA);
            _json.WriteNumber("packets_b", pair.PacketsAtB);
            WriteDirection("c2s", pair.ClientToServer);
            WriteDirection("s2c", pair.ServerToClient);
            _json.WriteNumber("path_outages", pair.Outages.Count);
            _json.WriteString("file_b", _files[1]);
            End();
        }

        foreach (var unmatched in result.Unmatched)
        {
            Begin("unmatched_connection", _files[(int)unmatched.SeenAt]);
            _json.WriteString("point", PairNames.Point(unmatched.SeenAt));
            _json.WriteString("client", unmatched.Client.ToString());
            _json.WriteNumber("client_port", unmatched.ClientPort);
            _json.WriteString("server", unmatched.Server.ToString());
            _json.WriteNumber("server_port", unmatched.ServerPort);
            _json.WriteString("first_seen", Timestamps.Iso(unmatched.FirstSeenNs, digits));
            _json.WriteNumber("first_frame", unmatched.FirstFrame);
            _json.WriteNumber("packets", unmatched.Packets);
            _json.WriteBoolean("handshake_seen", unmatched.SawSyn);
            End();
        }

        foreach (var outage in result.Pairs.SelectMany(p => p.Outages))
        {
            Begin("path_outage", _files[0]);
            _json.WriteNumber("pair", outage.Pair.Number);
            _json.WriteString("direction", PairNames.Direction(outage.FromClient));
            _json.WriteString("upstream", PairNames.Point(outage.Upstream));
            _json.WriteString("first_lost", Timestamps.Iso(outage.FirstLostNs, digits));
            _json.WriteString("last_lost", Timestamps.Iso(outage.LastLostNs, digits));
            _json.WriteNumber("duration_s", (outage.LastLostNs - outage.FirstLostNs) / 1e9);
            _json.WriteNumber("lost", outage.Lost);
            _json.WriteNumber("retransmissions", outage.Retransmissions);
            WriteOptional("through_again", outage.ThroughAgainNs is long t ? Timestamps.Iso(t, digits) : null);
            _json.WriteString("file_b", _files[1]);
            End();
        }

        var offset = result.Offset;
        Begin("clock_offset", _files[0]);
        // Exact decimal seconds (nanoseconds / 10^9), never 5E-07.
        _json.WriteNumber("offset_s", offset.OffsetNs / Nanoseconds);
        WriteOptional("uncertainty_s", offset.UncertaintyNs / Nanoseconds);
        WriteOptional("lower_bound_s", offset.LowerBoundNs / Nanoseconds);
        WriteOptional("upper_bound_s", offset.UpperBoundNs / Nanoseconds);
        _json.WriteNumber("coarse_offset_s", offset.CoarseOffsetNs / Nanoseconds);
        _json.WriteNumber("matched_segments", offset.MatchedSegments);
        _json.WriteBoolean("inconsistent", offset.Inconsistent);
        _json.WriteString("file_b", _files[1]);
        End();
        _stream.Flush();
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
    }

    private void WriteDirection(string prefix, PathDirection direction)
    {
        WriteOptional($"{prefix}_upstream", direction.Upstream is { } point ? PairNames.Point(point) : null);
        _json.WriteNumber($"{prefix}_matched", direction.Matched);
        _json.WriteNumber($"{prefix}_lost_between", direction.LostBetween);
        _json.WriteNumber($"{prefix}_capture_loss_upstream", direction.CaptureLossUpstream);
        _json.WriteNumber($"{prefix}_capture_loss_downstream", direction.CaptureLossDownstream);
        _json.WriteNumber($"{prefix}_sent_between", direction.SentBetween);
        WriteOptional($"{prefix}_delay_min_ms", PairNames.Milliseconds(direction.MinDelayNs));
        WriteOptional($"{prefix}_delay_mean_ms", PairNames.Milliseconds(direction.MeanDelayNs));
        WriteOptional($"{prefix}_delay_max_ms", PairNames.Milliseconds(direction.MaxDelayNs));
    }

    private void WriteOptional(string name, decimal? value)
    {
        if (value is decimal known)
        {
            _json.WriteNumber(name, known);
        }
        else
        {
            _json.WriteNull(name);
        }
    }

    private void WriteOptional(string name, double? value)
    {
        if (value is double known)
        {
            _json.WriteNumber(name, known);
        }
        else
        {
            _json.WriteNull(name);
        }
    }

    private void WriteOptional(string name, string? value)
    {
        if (value is null)
        {
            _json.WriteNull(name);
        }
        else
        {
            _json.WriteString(name, value);
        }
    }

    private void Begin(string type, string file)
    {
        _json.WriteStartObject();
        _json.WriteString("type", type);
        _json.WriteString("file", file);
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _stream.WriteByte((byte)'\n');
        _json.Reset();
    }
}
