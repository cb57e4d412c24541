using ScottPlot;

namespace PcapSurvival.Reporting.Plot;

/// <summary>The Okabe-Ito palette: eight colours that stay distinct for the common kinds of colour blindness.</summary>
internal static class OkabeIto
{
    public static readonly Color Black = Color.FromHex("#000000");
    public static readonly Color Orange = Color.FromHex("#E69F00");
    public static readonly Color SkyBlue = Color.FromHex("#56B4E9");
    public static readonly Color BluishGreen = Color.FromHex("#009E73");
    public static readonly Color Yellow = Color.FromHex("#F0E442");
    public static readonly Color Blue = Color.FromHex("#0072B2");
    public static readonly Color Vermillion = Color.FromHex("#D55E00");
    public static readonly Color ReddishPurple = Color.FromHex("#CC79A7");
    public static readonly Color Grey = Color.FromHex("#999999");
}
