#!/usr/bin/env bash
# check-capture.sh CAPTURE [MANIFEST]: summarise a restart-lab capture with tshark, per TCP stream, with
# times relative to the manifest's event start: retransmissions and their spacing, RSTs, SYNs, FINs, the
# longest silence, ICMP errors. A quick look for people, not a test oracle.
set -u
export LC_ALL=C
if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
    echo "Usage: ${0##*/} CAPTURE [MANIFEST]   (MANIFEST defaults to CAPTURE with .json)" >&2
    exit 1
fi
cap=$1
man=${2:-${cap%.*}.json}
command -v tshark >/dev/null || { echo "tshark is needed (apt-get install -y tshark)" >&2; exit 3; }
[[ -r $cap ]] || { echo "cannot read $cap" >&2; exit 2; }

field() {  # field NAME: a scalar from the flat manifest
    [[ -r $man ]] || return 0
    sed -n "s/^ *\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$man" | head -n 1
}
ev_start=$(field event_start_ns)
ev_end=$(field event_end_ns)
[[ $ev_start =~ ^[0-9]+$ ]] || ev_start=''
[[ $ev_end =~ ^[0-9]+$ ]] || ev_end=''
if [[ -r $man ]]; then
    printf 'manifest: scenario %s, %s workload, event %s (%s s), capture at %s, ssh exit %s, lines %s/%s\n' \
        "$(field scenario)" "$(field workload)" "$(field event)" "$(field event_duration_s)" \
        "$(field capture_at)" "$(field ssh_exit_code)" "$(field lines_received)" "$(field lines_sent)"
fi

tshark -r "$cap" -T fields -E separator='|' \
    -e frame.number -e frame.time_epoch -e tcp.stream -e ip.src -e ipv6.src -e tcp.srcport -e ip.dst \
    -e ipv6.dst -e tcp.dstport -e tcp.flags.syn -e tcp.flags.ack -e tcp.flags.fin -e tcp.flags.reset \
    -e tcp.len -e tcp.analysis.retransmission -e tcp.analysis.fast_retransmission -e icmp.type -e icmpv6.type \
    2>/dev/null |
awk -F'|' -v evs="$ev_start" -v eve="$ev_end" '
function rel(t) { return base == "" ? t : t - base }
function note(s, t, what) {  # SYN/FIN/RST lines; a run of the same within 20 ms becomes one line with a count
    if (what == evwhat[s] && t - evt[s] < 0.02) { evn[s]++; evt[s] = t; return }
    noteflush(s)
    evline[s] = sprintf("\n    %9.3f %s", rel(t), what); evwhat[s] = what; evt[s] = t; evn[s] = 1
}
function noteflush(s) {
    if (evline[s] == "") return
    ev[s] = ev[s] evline[s] (evn[s] > 1 ? sprintf(" x%d", evn[s]) : ""); evline[s] = ""
}
function flush(s, dir,   k) {
    k = s SUBSEP dir
    if (pend[k] == "") return
    rl[s] = rl[s] pend[k] (burst[k] ? sprintf(" and %d more within 20 ms", burst[k]) : "")
    pend[k] = ""; burst[k] = 0
}
{
    n++; t = $2 + 0
    if (n == 1) { first = t; base = (evs != "") ? evs / 1e9 : t }
    last = t
    if ($17 != "" || $18 != "") {
        # ICMP errors only (3 dest unreachable, 11 time exceeded; ICMPv6 1 and 3)
        if ($17 == "3" || $17 == "11" || $18 == "1" || $18 == "3") {
            icmp++; if (icmp_first == "") icmp_first = t; icmp_last = t
        }
        next
    }
    if ($3 == "") { other++; next }
    s = $3
    if (!(s in pk)) { order[++ns] = s; src = ($4 != "" ? $4 : $5); dst = ($7 != "" ? $7 : $8)
        name[s] = src ":" $6 " -> " dst ":" $9; cli[s] = src ":" $6; lastt[s] = t; firstt[s] = t }
    pk[s]++
    gap = t - lastt[s]
    if (gap > maxgap[s]) { maxgap[s] = gap; gapfrom[s] = lastt[s]; gapto[s] = t }
    lastt[s] = t
    from = ($4 != "" ? $4 : $5) ":" $6
    dir = (from == cli[s]) ? "c>s" : "s>c"
    dk = s SUBSEP dir
    dgap = (dk in dlast) ? t - dlast[dk] : 0
    if (dgap > dmax[dk]) { dmax[dk] = dgap; dfrom[dk] = dlast[dk]; dto[dk] = t }
    dlast[dk] = t
    if ($10 == "1") { syn[s]++; note(s, t, dir " SYN" ($11 == "1" ? "/ACK" : "")) }
    if ($12 == "1") { fin[s]++; note(s, t, dir " FIN") }
    if ($13 == "1") { rst[s]++; note(s, t, dir " RST" ($11 == "1" ? "/ACK" : "")) }
    if ($15 != "" && $16 == "") {
        rtx[s]++
        k = s SUBSEP dir
        if ((k in lastrtx) && t - lastrtx[k] < 0.02) {  # a burst: one line with a count
            burst[k]++; lastrtx[k] = t; next
        }
        flush(s, dir)
        d = (k in lastrtx) ? sprintf(" (+%.3f)", t - lastrtx[k]) : ""
        pend[k] = sprintf("\n    %9.3f %s retransmission len %d%s", rel(t), dir, $14, d)
        lastrtx[k] = t
    }
    if ($16 != "") frtx[s]++
}
END {
    if (n == 0) { print "no packets"; exit }
    printf "packets: %d over %.3f s; times below are seconds from %s\n", n, last - first,
        evs != "" ? "the event start" : "the first packet"
    if (evs != "") printf "event: from 0.000 to %s; capture from %.3f to %.3f\n",
        eve != "" ? sprintf("%.3f", eve / 1e9 - base) : "?", rel(first), rel(last)
    if (icmp) printf "ICMP errors: %d, from %.3f to %.3f\n", icmp, rel(icmp_first), rel(icmp_last)
    if (other) printf "other non-TCP packets: %d\n", other
    for (i = 1; i <= ns; i++) {
        s = order[i]
        flush(s, "c>s"); flush(s, "s>c"); noteflush(s)
        printf "stream %s %s: %d packets, SYN %d, FIN %d, RST %d, retransmissions %d (fast %d), %.3f..%.3f\n",
            s, name[s], pk[s], syn[s], fin[s], rst[s], rtx[s], frtx[s], rel(firstt[s]), rel(lastt[s])
        printf "  longest silence %.3f s, from %.3f to %.3f\n", maxgap[s], rel(gapfrom[s]), rel(gapto[s])
        for (j = 1; j <= 2; j++) {
            dk = s SUBSEP (j == 1 ? "c>s" : "s>c")
            if (dmax[dk] > 0) printf "  longest silence %s %.3f s, from %.3f to %.3f\n",
                (j == 1 ? "client to server" : "server to client"), dmax[dk], rel(dfrom[dk]), rel(dto[dk])
        }
        if (ev[s] != "") printf "  SYN/FIN/RST:%s\n", ev[s]
        if (rl[s] != "") printf "  timeout retransmissions:%s\n", rl[s]
    }
}'
