using System.Net;
using System.Text;

namespace PcapSurvival.Reporting.Plot;

/// <summary>
/// index.html of a --plot directory: for each capture, its timeline (inlined, so its hover texts work) and every
/// connection's graphs with the report's sentences about it. One file that opens in a browser without a server:
/// the pictures are embedded as data URIs, each linked to its SVG beside it for zooming.
/// </summary>
internal sealed class PlotIndexPage
{
    private readonly List<string> _sections = [];

    /// <summary>Adds one capture's section.</summary>
    /// <param name="graphFiles">For each connection, the file stems (without .png/.svg) of its graphs, in the directory.</param>
    public void AddCapture(string directory, string captureName, string timelineFile, IReadOnlyList<ConnectionGraphs> connections,
        IReadOnlyList<IReadOnlyList<string>> graphFiles, long selected, bool all)
    {
        var html = new StringBuilder();
        html.Append("<section class=\"capture\"><h2>").Append(Encode(captureName)).Append("</h2>\n");
        html.Append(Inline(File.ReadAllText(Path.Combine(directory, timelineFile)))).Append('\n');
        string which = all ? "connection" : "affected connection (any verdict but unaffected)";
        html.Append("<p class=\"summary\">").Append(Encode(selected == 0
            ? $"No {which}: no time-sequence graphs."
            : selected > connections.Count
                ? $"Time-sequence graphs of the {connections.Count} most interesting of {selected} connections selected; the others are in --csv and --json."
                : $"Time-sequence graphs of every {which}: {connections.Count}.")).Append("</p>\n");
        for (int i = 0; i < connections.Count; i++)
        {
            var connection = connections[i];
            html.Append("<article class=\"connection\" data-stream=\"").Append(connection.Stream).Append("\"><h3>")
                .Append(Encode(connection.Label)).Append(" — ").Append(Encode(connection.VerdictText)).Append("</h3>\n");
            foreach (string sentence in connection.Sentences)
            {
                html.Append("<p>").Append(Encode(sentence)).Append("</p>\n");
            }

            foreach (string stem in graphFiles[i])
            {
                string png = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(directory, stem + ".png")));
                html.Append("<a href=\"").Append(Encode(Uri.EscapeDataString(stem))).Append(".svg\"><img alt=\"")
                    .Append(Encode($"time-sequence graph of {connection.Label}")).Append("\" width=\"").Append(SequenceGraphRenderer.Width)
                    .Append("\" src=\"data:image/png;base64,").Append(png).Append("\"></a>\n");
            }

            html.Append("</article>\n");
        }

        html.Append("</section>\n");
        _sections.Add(html.ToString());
    }

    /// <exception cref="IOException">The page cannot be written.</exception>
    public void Write(string path)
    {
        var html = new StringBuilder("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>PcapSurvival: what happened to each connection</title>
            <style>
            body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 1.5em; color: #111; max-width: 1240px; }
            article { border-top: 1px solid #ccc; padding-top: 0.5em; margin-top: 1em; }
            img { max-width: 100%; height: auto; display: block; margin: 0.5em 0; }
            svg { max-width: 100%; height: auto; }
            h3 { font-size: 1.05em; }
            </style></head><body>
            <h1>What happened to each connection</h1>
            <p>For each capture: the timeline of its connections (hover an outage for its story), then a time-sequence
            graph of each connection's data in each direction, with its outages shaded. Click a graph for its SVG.</p>

            """);
        foreach (string section in _sections)
        {
            html.Append(section);
        }

        html.Append("</body></html>\n");
        File.WriteAllText(path, html.ToString(), new UTF8Encoding(false));
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>An SVG document as an element of the page: without its XML declaration.</summary>
    private static string Inline(string svg) => svg.StartsWith("<?xml", StringComparison.Ordinal) ? svg[(svg.IndexOf("?>", StringComparison.Ordinal) + 2)..] : svg;
}
