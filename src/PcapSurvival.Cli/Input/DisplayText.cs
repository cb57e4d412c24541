using System.Globalization;
using System.Text;

namespace PcapSurvival.Cli.Input;

/// <summary>
/// Names as they may be shown: control characters (ESC, newline, CR...), invisible format characters (bidi
/// overrides) and bytes that are not UTF-8 written as <c>\xHH</c> or <c>\uHHHH</c>, so a file name can neither drive
/// the terminal nor fake a line of output.
/// </summary>
internal static class DisplayText
{
    public static string Escape(string text)
    {
        foreach (char c in text)
        {
            if (NeedsEscape(c))
            {
                var escaped = new StringBuilder(text.Length + 8);
                foreach (char d in text)
                {
                    Append(escaped, d);
                }

                return escaped.ToString();
            }
        }

        return text;
    }

    /// <summary>A name given as bytes: its UTF-8 characters as they are (escaped as above), any other byte as \xHH.</summary>
    public static string OfBytes(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        Span<char> chars = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out int consumed) == System.Buffers.OperationStatus.Done)
            {
                int length = rune.EncodeToUtf16(chars);
                foreach (char c in chars[..length])
                {
                    Append(text, c);
                }
            }
            else
            {
                consumed = 1;
                text.Append(CultureInfo.InvariantCulture, $"\\x{bytes[0]:x2}");
            }

            bytes = bytes[consumed..];
        }

        return text.ToString();
    }

    private static bool NeedsEscape(char c) => char.GetUnicodeCategory(c) is
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static void Append(StringBuilder text, char c)
    {
        if (!NeedsEscape(c))
        {
            text.Append(c);
        }
        else if (c < 0x100)
        {
            text.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }
    }
}
