using PcapSurvival.Core.Outages;

namespace PcapSurvival.Core.Verdicts;

public static class VerdictNames
{
    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Unaffected => "unaffected",
        Verdict.Survived => "survived",
        Verdict.Died => "died",
        Verdict.Stalled => "stalled",
        Verdict.Reset => "reset",
        Verdict.Refused => "refused",
        Verdict.Unanswered => "unanswered",
        Verdict.Undetermined => "undetermined",
        _ => verdict.ToString(),
    };

    public static bool TryParse(string name, out Verdict verdict)
    {
        foreach (var v in Enum.GetValues<Verdict>())
        {
            if (Name(v) == name)
            {
                verdict = v;
                return true;
            }
        }

        verdict = default;
        return false;
    }
}
