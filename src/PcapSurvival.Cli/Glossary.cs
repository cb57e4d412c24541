namespace PcapSurvival.Cli;

/// <summary>The text of <c>explain</c>: every verdict, outage kind, ending and analysis flag, and the mechanisms behind them.</summary>
internal static class Glossary
{
    private const string Verdicts = "Verdicts";
    private const string Outages = "Outage kinds and endings";
    private const string Flags = "Per-packet analysis flags (as Wireshark names them)";
    private const string Mechanisms = "Mechanisms";
    private const string States = "Connection states (the state column)";

    public static readonly GlossaryEntry[] Entries =
    [
        new("survived", Verdicts, "at least one outage, and after each one traffic was acknowledged again",
            """
            The connection went through at least one outage and came out of it: after each outage the other side
            acknowledged new data again. Nothing special keeps a TCP connection alive across a network restart:
            the sender keeps retransmitting unacknowledged data, waiting twice as long each time (0.2 s, 0.4 s,
            0.8 s ... up to 120 s), and Linux only gives up after about 15 minutes (see tcp_retries2). If the
            network is back before that, the next retransmission gets through and the connection simply resumes.
            A busy session may still look frozen for up to one retransmission interval after the network is
            back, because the sender only tries again when its timer fires.
            """),
        new("died", Verdicts, "an outage, and the connection never recovered: a RST, or the sender gave up",
            """
            The connection had an outage and did not come back. Either a RST ended it during the outage, or the
            sender stopped retransmitting: its give-up budget (tcp_retries2, or TCP_USER_TIMEOUT) ran out and the
            kernel closed the socket. When the network returns, the other side's data then reaches a host that no
            longer knows the connection, which answers with a RST: "reset after the client gave up". The report
            says which tcp_retries2 value the sender's behaviour matches.
            """),
        new("stalled", Verdicts, "the capture ended while an outage was still going on",
            """
            The capture stopped in the middle of an outage: the sender was still retransmitting and nothing new
            had been acknowledged. Whether it survived depends on what happened after the capture.
            """),
        new("unaffected", Verdicts, "no outage; the connection carried on or closed normally",
            """
            No outage was seen. This includes sessions that were idle during a network restart: an idle
            connection sends nothing, so there is nothing to lose and no timer runs. An idle SSH session across
            a restart notices nothing at all, as long as both addresses (and any NAT state) stay the same.
            Short stalls of ordinary loss recovery (under --min-outage) do not count as outages.
            """),
        new("reset", Verdicts, "ended by a RST that did not follow an outage; also ended_by: a RST during an outage",
            "The connection was ended by a RST (an abort) while traffic was flowing normally: an application or host closed it abruptly, not the network.",
            "rst-verdict"),
        new("refused", Verdicts, "the SYN was answered by a RST",
            """
            The client asked to connect and the server answered with a RST: nothing was listening on that port.
            During an sshd restart, a new connection attempted while the daemon is down is refused; sessions
            that were already open are not affected, because each has its own sshd child process.
            """),
        new("unanswered", Verdicts, "SYNs were sent and nothing came back",
            "The client sent SYNs and got no answer at all: the server was unreachable, or a firewall dropped them. Linux retries a SYN 6 times (at 1, 3, 7, 15, 31 and 63 s) and gives up after about 127 s."),

        new("undetermined", Verdicts, "the capture holds one direction only: an outage in it cannot tell survival from death",
            """
            Only one side's packets are in the capture (asymmetric routing, or a capture filter on one direction),
            and that side retransmitted. Seen alone, nothing ever acknowledges the retransmitted data, so every later
            segment, even the ordinary FIN at the end, seems to fall in the outage: whether the connection survived
            cannot be told. A RST seen is still evidence of death. The caveat column says one_direction.
            """),

        new("application-closed", Outages, "died: an application closed the connection during the outage (loss application_closed)",
            """
            ssh with ServerAliveInterval N and ServerAliveCountMax M gives up after about N × M s without an answer
            ("Timeout, server not responding"); so do applications with their own timeouts. Linux cannot send the FIN
            while a retransmission is outstanding, so it stays queued and leaves right when the network returns; the
            other side's data then reaches a closed socket, which answers with a RST instead of an acknowledgement.
            Either sign from the side that was retransmitting (a FIN within a few round trips of the recovery, or a
            RST before it acknowledged any new data) means the session died during the outage.
            """),
        new("peer-forgot", Outages, "died: the other side had forgotten the connection (loss peer_forgot)",
            """
            The first retransmission that got through after the outage was answered by a RST from the other side:
            it no longer knew the connection. It rebooted, its process (and sockets) died, or its system dropped its
            connections when its link went down, as Windows does. Distinct from a reset with no outage, and from an
            application that gave up.
            """),
        new("degraded", Outages, "heavy loss without an outage: the verdict keeps its meaning, the degraded column says it",
            """
            At least a tenth of the payload bytes (outside outages, and at least 3 segments) were retransmissions, or
            the connection froze 5 times or more for less than --min-outage (each a retransmission timeout of at least
            200 ms), or it had a longer stall that its own loss explains (explain loss-stall). TCP's throughput falls
            with the square root of the loss rate, so such a connection crawled. The report says the share, the short
            stalls and the longer ones; connections.csv has retransmitted_bytes, retransmitted_share, short_stalls and
            degraded.
            """),
        new("silent-until-end", Outages, "stalled: a busy connection silent until the capture ended, with data owed or the whole capture silent",
            """
            A connection that carried packets at a steady pace stopped mid-conversation and nothing of it was seen until
            the capture ended: what a capture on a host whose own link is down shows. It is stalled with the caveat
            silent_until_end when either data it had sent stayed unacknowledged (a sender always retransmits what is
            owed, so a capture beside it that sees nothing saw nothing at all), or, with nothing owed, the capture saw
            no packet at all from the connection's last one until it stopped, while the connection was still carrying
            data at its pace. When the capture stopped is known beyond its last packet from a live capture's stop and
            from pcapng's isb_endtime (dumpcap, Wireshark); a classic pcap (tcpdump) ends with its last packet, so a
            capture stopped during such a silence shows none. An idle session, everything it said acknowledged, simply
            has nothing to send, and one that paused while other traffic went on was not cut off: both stay unaffected.
            """),
        new("silence-before-pace", Outages, "a silence in a connection picked up midstream, told from the pace after it",
            """
            A capture that starts mid-session may hold too little before a silence to know the connection's pace. The
            silence is an outage when one side then delivers at once about what its pace after the silence (steady:
            every spacing within half and twice the mean, 4 data packets at least) would have carried during it, and at
            least 3 of its usual payloads: the backlog its application queued while the network was down.
            """),
        new("loss-stall", Outages, "a long stall that the connection's own heavy loss explains: no outage",
            """
            Under heavy random loss a few tries in a row are lost now and then, and TCP's exponential backoff turns
            them into a freeze of seconds although the network never went down. A stall of --min-outage or longer in a
            connection that already had short stalls is held until the connection ends; with 5 short stalls or more,
            it is loss, not an outage, when the connection's failure rate q (retransmissions per data segment, outside
            such stalls) makes its run of r lost tries expected: T x q^r >= 0.01 among the T tries. The connection is
            degraded and the report names those stalls. A real outage, a run no loss rate explains, stays an outage;
            in such a connection it is reported when the connection ends.
            """),
        new("half-open", Outages, "one side gave up silently and the other never heard of it: it may still hold the session",
            """
            Linux gives up on a connection without a RST: the socket just goes. When nothing the side that gave up
            sent got through (no RST, no FIN) and the other side closed nothing itself, that other side still holds
            the connection: sshd still ESTABLISHED, its session process waiting, until its own retransmissions or
            keepalives run out, which for an idle session may be hours. The report says so among the outage
            sentences; a live capture says it the moment the give-up is seen. Not told from one direction only.
            """),
        new("sides_by", Mechanisms, "how the client and server were told apart",
            """
            Strongest evidence first: the SYN's sender is the client (syn); a SYN/ACK's receiver is (syn_ack); for a
            connection picked up midstream, a well-known port (below 1024) or a registered one below 32768 is the
            server's, against an ephemeral port (Linux 32768-60999, IANA 49152-65535) (ports); when both ports rank
            alike, the first sender is taken as the client, a guess (first_sender).
            """),

        new("retransmission-outage", Outages, "a sender retransmitted by timeout with no acknowledgement progress (kind retransmission)",
            """
            One side kept retransmitting the same unacknowledged data after its retransmission timer expired,
            and nothing new was acknowledged. The outage starts at the first transmission of the oldest
            unacknowledged segment and ends at the first packet that acknowledges new data (or a RST, or the end
            of the capture). The retransmission times show the sender's backoff, each interval about twice the
            last. The network came back after the last retransmission that went unanswered and no later than
            the one that got through.
            """, "retransmission-kind"),
        new("silence", Outages, "a busy connection went quiet far longer than usual and resumed with a backlog",
            """
            A connection that was exchanging packets at a steady pace went quiet for far longer than its usual
            spacing, then one side delivered much more data at once than its usual pace: the backlog that queued
            up while its own interface was down. A capture point on the other side sees only silence, because the
            stalled side's retransmissions never left its host. An idle connection going quiet is not an outage.
            """),
        new("recovered", Outages, "ended_by: new data was acknowledged again", "The outage ended because the other side acknowledged new data: the connection came through."),
        new("gave_up", Outages, "ended_by: the sender stopped retransmitting without recovering",
            "The sender's next retransmission, due by its own backoff, never came: its give-up timer ran out. The end of the outage is when that retransmission was due.", "gave-up"),
        new("fin", Outages, "ended_by: the connection was closed with a FIN during the outage; also the FIN event",
            "A FIN closes one direction of a connection gracefully. As an outage ending it means the connection was closed before anything new was acknowledged."),
        new("capture_end", Outages, "ended_by: the capture ended during the outage", "The capture ended while the outage was still going on.", "capture-end"),

        new("retransmission", Flags, "data sent again after a timeout (not fast, not spurious)",
            "The segment repeats data that was sent before, and it does not fit the fast-retransmission or out-of-order patterns: the sender's retransmission timer expired. A run of these is what an outage looks like.", "retr"),
        new("fast_retransmission", Flags, "data sent again within 20 ms of 2+ duplicate ACKs",
            "The receiver sent at least two duplicate ACKs asking for this data and the sender retransmitted it within 20 ms of the last one, without waiting for its timer: ordinary loss recovery.", "fast-retransmission", "fast"),
        new("spurious_retransmission", Flags, "data sent again although it was already acknowledged",
            "The retransmitted data had already been acknowledged: the retransmission was unnecessary (the ACK was late or lost).", "spurious-retransmission", "spur"),
        new("out_of_order", Flags, "an earlier segment arriving shortly after a later one",
            "The segment fills a hole below data already seen, within the handshake round-trip time (3 ms when unknown) of the highest segment: reordering on the path rather than a retransmission.", "out-of-order", "ooo"),
        new("lost_segment", Flags, "a gap: data before this segment was not captured",
            "The segment starts beyond the end of the data seen so far: something before it was lost, or missed by the capture.", "lost-segment", "lost"),
        new("ack_lost_segment", Flags, "an ACK for data that was never captured",
            "The other side acknowledged data the capture never saw: usually the capture missed packets (capture loss), not the network.", "ack-lost-segment", "acked_unseen", "unseen"),
        new("duplicate_ack", Flags, "the same ACK again (#n), asking for missing data",
            "A pure ACK repeating the previous ACK number and window: the receiver got something out of order and asks again for the data it misses. Three in a row trigger a fast retransmission.", "duplicate-ack", "dupack"),
        new("zero_window", Flags, "the receiver's buffer is full: the sender must stop",
            "The receiver advertised a window of zero: its application is not reading fast enough. Not a network problem.", "zero-window", "zwin"),
        new("zero_window_probe", Flags, "one byte sent to check whether a zero window reopened", "While the window is zero, the sender probes with one byte to learn when it reopens.", "zero-window-probe"),
        new("zero_window_probe_ack", Flags, "the answer to a zero-window probe", "The receiver's answer to a zero-window probe.", "zero-window-probe-ack"),
        new("keep_alive", Flags, "a TCP keepalive probe on an idle connection",
            "A segment one byte before the next expected sequence number, carrying 0 or 1 byte: a TCP keepalive. Linux sends the first after 2 hours of idle by default (tcp_keepalive_time), and only with SO_KEEPALIVE.", "keep-alive", "keepalive", "ka"),
        new("keep_alive_ack", Flags, "the answer to a keepalive", "The answer to a keepalive probe: the peer is still there.", "keep-alive-ack"),
        new("window_update", Flags, "only the advertised window changed", "A pure ACK that only changes the advertised window: the receiver made room.", "window-update"),
        new("window_full", Flags, "the segment fills the receiver's advertised window", "The segment ends exactly at the edge of the receiver's window: the sender now has to wait for the receiver.", "window-full"),
        new("reused_ports", Flags, "a new connection on the ports of an earlier one", "A SYN with a new initial sequence number on a known address/port pair: a new connection (a new stream) reusing the ports.", "reused-ports"),
        new("capture_duplicate", Flags, "the same packet captured a second time (tcpdump -i any on a router)",
            "With -i any on a router, each forwarded packet is captured twice: coming in and going out. The second capture (same IP ID, sequence, acknowledgment, length, flags and window, at another interface or packet direction of the SLL/SLL2 header) is counted in capture_duplicates, never as a retransmission or a duplicate ACK. Wireshark calls it a retransmission.", "capture-duplicate", "capture_duplicates"),
        new("rst", Flags, "a RST: the connection is aborted", "A RST aborts a connection immediately. After an outage, it is often the answer of a host that gave the connection up (or restarted) to the other side's late data."),

        new("syn_sent", States, "the client sent a SYN and no SYN/ACK was seen",
            "The client asked to connect (SYN) and the capture saw no answer yet: the server is unreachable, slow, or the capture ended. Linux retries the SYN tcp_syn_retries times before giving up.", "syn-sent"),
        new("syn_received", States, "the server answered the SYN, the client's final ACK was not seen",
            "The server sent its SYN/ACK, but the client's ACK that completes the handshake was not seen.", "syn-received"),
        new("established", States, "the handshake completed (or data was seen midstream) and nothing closed the connection",
            "The connection is open: after the three-way handshake, data can flow both ways. A connection whose handshake was not captured starts here (see midstream)."),
        new("half_closed", States, "one side sent a FIN; the other may still send",
            "One side has closed its direction with a FIN and the other has not yet: it may still send data, which the first side still acknowledges.", "half-closed"),
        new("closed", States, "both sides sent a FIN: a graceful close",
            "Both directions were closed with FINs: the connection ended normally."),

        new("rto", Mechanisms, "the retransmission timeout, and its exponential backoff",
            """
            When data is not acknowledged in time, the sender retransmits it after its retransmission timeout
            (RTO): at least 200 ms on Linux, from the measured round-trip time. After each timeout the RTO
            doubles (backoff), up to 120 s. So during an outage the retransmissions come at about +0.2, +0.6,
            +1.4, +3.0, +6.2 s ... and a connection can stay frozen for up to one RTO after the network is back,
            until the next retransmission. A router that reports the destination unreachable (ICMP) can make
            Linux retry sooner.
            """, "backoff"),
        new("tcp_retries2", Mechanisms, "how long Linux retransmits before giving up (default 15: about 924.6 s)",
            """
            net.ipv4.tcp_retries2 (default 15) sets how long an established connection may go unacknowledged.
            It is a time budget, not a count: (2^(R+1) - 1) x 0.2 s while below the 120 s cap, plus 120 s for
            each step beyond, counted from the first retransmission. 15 gives 924.6 s (about 15.4 minutes), 8
            gives 102.2 s, 3 gives 3 s. It is per network namespace. PcapSurvival reports how much of this
            budget each outage used (--retries2 to change the model) and, for a sender that gave up, which value
            its behaviour matches.
            """, "retries2", "budget"),
        new("tcp_syn_retries", Mechanisms, "how often Linux retries a SYN (default 6: gives up after about 127 s)",
            """
            net.ipv4.tcp_syn_retries (default 6) is how many times Linux retransmits an unanswered SYN, from a 1 s
            timeout doubling each time: at 1, 3, 7, 15, 31 and 63 s, giving up at about 127 s. A handshake outage is
            measured against it, not against tcp_retries2. net.ipv4.tcp_synack_retries (default 5) does the same for
            a server's SYN/ACK.
            """, "syn_retries", "tcp_synack_retries", "synack_retries"),
        new("tcp_user_timeout", Mechanisms, "TCP_USER_TIMEOUT: a per-socket give-up time replacing tcp_retries2",
            "A socket option (milliseconds) that replaces the tcp_retries2 budget: data unacknowledged for that long kills the connection. Use --user-timeout to measure outages against it.", "user-timeout", "user_timeout"),
        new("tcp_keepalive", Mechanisms, "TCP keepalive: probes on idle connections, off unless SO_KEEPALIVE",
            "With SO_KEEPALIVE (OpenSSH's TCPKeepAlive yes sets it) Linux probes an idle connection after tcp_keepalive_time (7200 s), then every 75 s, and drops it after 9 unanswered probes. An outage of minutes goes unnoticed by an idle session.", "tcpkeepalive"),
        new("serveraliveinterval", Mechanisms, "ssh's ServerAliveInterval / sshd's ClientAliveInterval: application keepalives",
            """
            OpenSSH can check the other side itself, inside the encrypted channel: ssh's ServerAliveInterval N
            with ServerAliveCountMax M (default 3) drops the session after about N x M seconds without an answer
            (15 x 3 = 45 s); sshd's ClientAliveInterval/ClientAliveCountMax do the same from the server. Both are
            off by default. When enabled, they and not TCP decide whether a session survives a long outage: the
            session ends (with a FIN) although TCP would have kept retrying.
            """, "clientaliveinterval", "serveralive", "clientalive"),
        new("idle", Mechanisms, "why an idle SSH session notices nothing",
            "An idle connection has nothing in flight, so no retransmission timer runs and nothing can be lost: it survives any outage that ends before a keepalive notices (2 hours by default), as long as the addresses stay the same.", "idle-session"),
        new("midstream", Mechanisms, "a connection whose handshake was not captured",
            "The capture started after the connection was set up. The client is then the side that sent first, sequence numbers are relative to the first packet seen, and window scaling is unknown.", "picked-up-midstream"),
    ];

    /// <summary>The legend when no term is given, otherwise each term's story in turn.</summary>
    public static int Print(IReadOnlyList<string> terms, TextWriter output)
    {
        if (terms.Count == 0)
        {
            PrintLegend(output);
            return ExitCodes.Success;
        }

        int exitCode = ExitCodes.Success;
        for (int i = 0; i < terms.Count; i++)
        {
            if (i > 0)
            {
                output.WriteLine();
            }

            exitCode = Math.Max(exitCode, Print(terms[i], output));
        }

        return exitCode;
    }

    private static int Print(string term, TextWriter output)
    {
        var entry = Entries.FirstOrDefault(e => e.Matches(term.Trim()));
        if (entry is null)
        {
            var close = Entries.Where(e => e.Term.Contains(term, StringComparison.OrdinalIgnoreCase) || term.Contains(e.Term, StringComparison.OrdinalIgnoreCase)).Select(e => e.Term).ToList();
            Terminal.Error($"no explanation for \"{term}\"" + (close.Count > 0 ? $"; did you mean: {string.Join(", ", close)}?" : "; run pcapsurvival explain for the list"));
            return ExitCodes.Usage;
        }

        output.WriteLine($"{entry.Term}: {entry.Summary}");
        output.WriteLine();
        foreach (string line in entry.Details.Split('\n'))
        {
            foreach (string wrapped in Wrap(line.Trim(), 104))
            {
                output.WriteLine("  " + wrapped);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>Splits a long line at spaces so that no piece is longer than <paramref name="width"/> (unless a word is).</summary>
    private static IEnumerable<string> Wrap(string line, int width)
    {
        while (line.Length > width)
        {
            int cut = line.LastIndexOf(' ', width);
            if (cut <= 0)
            {
                break;
            }

            yield return line[..cut];
            line = line[(cut + 1)..];
        }

        yield return line;
    }

    private static void PrintLegend(TextWriter output)
    {
        int width = Entries.Max(e => e.Term.Length);
        foreach (var group in Entries.GroupBy(e => e.Group))
        {
            output.WriteLine(group.Key + ":");
            foreach (var entry in group)
            {
                output.WriteLine($"  {entry.Term.PadRight(width)}  {entry.Summary}");
            }

            output.WriteLine();
        }

        output.WriteLine("Run pcapsurvival explain TERM for the mechanism behind a term, e.g. pcapsurvival explain survived.");
    }
}
