namespace PcapSurvival.Core.Pairing;

/// <summary>One of the two capture points of a pair: A is the first file given, B the second.</summary>
public enum CapturePoint
{
    A = 0,
    B = 1,
}
