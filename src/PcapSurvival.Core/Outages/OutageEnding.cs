namespace PcapSurvival.Core.Outages;

/// <summary>How an outage ended.</summary>
public enum OutageEnding : byte
{
    /// <summary>New data was acknowledged again: the connection came through.</summary>
    Recovered,

    /// <summary>A RST ended the connection while the outage was going on.</summary>
    Reset,

    /// <summary>The connection was closed with a FIN before anything new was acknowledged.</summary>
    Fin,

    /// <summary>The sender stopped retransmitting without recovering: its give-up timer ran out.</summary>
    GaveUp,

    /// <summary>The capture ended while the outage was still going on.</summary>
    CaptureEnd,
}
