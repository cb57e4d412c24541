namespace PcapSurvival.Core.Pairing;

/// <summary>The two captures cannot be paired (they share no packet); the message says so in a sentence.</summary>
public sealed class PairingException(string message) : Exception(message);
