using System.Collections;
using System.Numerics;
using System.Reflection;
using System.Text;
using PcapSurvival.Core.Tcp;

namespace PcapSurvival.Testing;

/// <summary>Writes out a connection's whole state, field by field, to compare two runs that must agree.</summary>
public static class FieldDump
{
    /// <summary>Every field of <paramref name="connection"/>, except those named in <paramref name="leaveOut"/>.</summary>
    public static void Write(StringBuilder text, Connection connection, params string[] leaveOut) =>
        Render(text, connection, isRoot: true, leaveOut);

    /// <summary>Every field, public or not, recursively; other connections by stream; arrays as storage only.</summary>
    private static void Render(StringBuilder text, object? value, bool isRoot = false, string[]? leaveOut = null)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                return;
            case Connection other when !isRoot:
                text.Append('#').Append(other.Stream);
                return;
            case FlagCounts counts:
                foreach (var flag in Enum.GetValues<AnalysisFlags>().Where(f => BitOperations.PopCount((uint)f) == 1))
                {
                    text.Append(flag).Append('=').Append(counts.Of(flag)).Append(' ');
                }

                return;
            case string or Enum or IConvertible:
                text.Append(value);
                return;
            case IList list:
                text.Append('[');
                foreach (var item in list)
                {
                    Render(text, item);
                    text.Append(',');
                }

                text.Append(']');
                return;
        }

        text.Append('{');
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (leaveOut is not null && leaveOut.Any(name => field.Name.Contains(name, StringComparison.Ordinal)))
            {
                continue;
            }

            text.Append(field.Name).Append('=');
            if (field.FieldType.IsArray)
            {
                text.Append("storage"); // the in-flight ring keeps its array on purpose; its count and head are compared
            }
            else
            {
                Render(text, field.GetValue(value));
            }

            text.Append(' ');
        }

        text.Append('}');
    }
}
