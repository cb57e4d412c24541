namespace PcapSurvival.Core.Tcp;

/// <summary>
/// Zeek's conn_state (S0, S1, SF, REJ, S2, S3, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR, OTH) from the two endpoints'
/// states, sizes and the history, as the conn_state function of Zeek's scripts/base/protocols/conn/main.zeek.
/// </summary>
internal static class ZeekConnState
{
    public static string Of(in ZeekEndpoint orig, in ZeekEndpoint resp, ReadOnlySpan<byte> history)
    {
        var os = orig.State;
        var rs = resp.State;
        bool origInactive = os is ZeekEndpointState.Inactive or ZeekEndpointState.Partial;
        bool respInactive = rs is ZeekEndpointState.Inactive or ZeekEndpointState.Partial;
        if (rs == ZeekEndpointState.Reset)
        {
            if (os is ZeekEndpointState.SynSent or ZeekEndpointState.SynAckSent
                || (os == ZeekEndpointState.Reset && orig.Size(resp) == 0 && resp.Size(orig) == 0))
            {
                return "REJ";
            }

            return origInactive ? "RSTRH" : "RSTR";
        }

        if (os == ZeekEndpointState.Reset)
        {
            if (respInactive)
            {
                return IsSynThenReset(history) ? "RSTOS0" : "OTH";
            }

            return "RSTO";
        }

        if (rs == ZeekEndpointState.Closed && os == ZeekEndpointState.Closed)
        {
            return "SF";
        }

        if (os == ZeekEndpointState.Closed)
        {
            return respInactive ? "SH" : "S2";
        }

        if (rs == ZeekEndpointState.Closed)
        {
            return origInactive ? "SHR" : "S3";
        }

        if (os == ZeekEndpointState.SynSent && rs == ZeekEndpointState.Inactive)
        {
            return "S0";
        }

        return os == ZeekEndpointState.Established && rs == ZeekEndpointState.Established ? "S1" : "OTH";
    }

    /// <summary>The whole history matches /\^?S[^HAFGIQ]*R.*/: a SYN, then a reset before any answer.</summary>
    private static bool IsSynThenReset(ReadOnlySpan<byte> history)
    {
        if (history.Length > 0 && history[0] == (byte)'^')
        {
            history = history[1..];
        }

        if (history.Length == 0 || history[0] != (byte)'S')
        {
            return false;
        }

        foreach (byte letter in history[1..])
        {
            if (letter == (byte)'R')
            {
                return true;
            }

            if ("HAFGIQ"u8.Contains(letter))
            {
                return false;
            }
        }

        return false;
    }
}
