namespace PcapSurvival.Core.Decoding;

/// <summary>Stable snake_case names for decode outcomes, as they appear in reports and JSON.</summary>
public static class DecodeOutcomeNames
{
    public static string Name(DecodeOutcome outcome) => outcome switch
    {
        DecodeOutcome.Tcp => "tcp",
        DecodeOutcome.UnsupportedLinkType => "unsupported_link_type",
        DecodeOutcome.TruncatedLinkHeader => "truncated_link_header",
        DecodeOutcome.NotIp => "not_ip",
        DecodeOutcome.TruncatedIpHeader => "truncated_ip_header",
        DecodeOutcome.BadIpHeader => "bad_ip_header",
        DecodeOutcome.IpFragment => "ip_fragment",
        DecodeOutcome.NotTcp => "not_tcp",
        DecodeOutcome.TruncatedTcpHeader => "truncated_tcp_header",
        DecodeOutcome.ShortTcpSegment => "short_tcp_segment",
        DecodeOutcome.BadTcpHeader => "bad_tcp_header",
        _ => outcome.ToString(),
    };

    /// <summary>Human words for the report.</summary>
    public static string Describe(DecodeOutcome outcome) => outcome switch
    {
        DecodeOutcome.UnsupportedLinkType => "unsupported link type",
        DecodeOutcome.TruncatedLinkHeader => "link header cut short",
        DecodeOutcome.NotIp => "not IP",
        DecodeOutcome.TruncatedIpHeader => "IP header cut short",
        DecodeOutcome.BadIpHeader => "malformed IP header",
        DecodeOutcome.IpFragment => "IP fragment",
        DecodeOutcome.NotTcp => "IP but not TCP",
        DecodeOutcome.TruncatedTcpHeader => "TCP header cut short",
        DecodeOutcome.ShortTcpSegment => "TCP header longer than its segment",
        DecodeOutcome.BadTcpHeader => "malformed TCP header",
        _ => Name(outcome),
    };
}
