#!/usr/bin/env bash
# Live-capture benchmark (issue 4): run as root on Linux with iproute2, ethtool, iperf3 and tcpdump.
#
# 1. Throughput: two network namespaces joined by a veth pair with offloads off (so the capture sees MTU-sized
#    segments, as on a real NIC), an iperf3 TCP stream at RATE, captured by pcapsurvival (-w) and by tcpdump on the
#    same interface. Prints packets/s held, kernel drops, analysis-queue drops, and whether both files hold the same
#    number of packets.
# 2. Outage-end latency: client - router - server namespaces, iperf3 sending 10 blocks a second, the router's link to
#    the server down for 3 s. Prints how long after the packet that ended the outage its outage_end line appeared.
#
# Usage: sudo tools/bench-capture.sh [RATE=200M] [SECONDS=10] [BUFFER_MB=32]
# PCAPSURVIVAL may name the command to run (default: a Release build under artifacts/bench); SKIP_LATENCY=1 skips part 2.
set -euo pipefail

RATE=${1:-200M}
DURATION=${2:-10}
BUFFER_MB=${3:-32}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ID=$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
WORK=$(mktemp -d /tmp/pcs-bench-XXXXXX)
NAMESPACES=()
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

[[ $(id -u) == 0 ]] || { echo "bench-capture.sh: needs root (network namespaces, capture)" >&2; exit 1; }
for tool in ip ethtool iperf3 tcpdump; do
    command -v "$tool" >/dev/null || { echo "bench-capture.sh: needs $tool" >&2; exit 1; }
done

if [[ -z ${PCAPSURVIVAL:-} ]]; then
    if [[ ! -f $ROOT/artifacts/bench/pcapsurvival.dll ]]; then
        dotnet build -c Release "$ROOT/src/PcapSurvival.Cli" -o "$ROOT/artifacts/bench" -v q -nologo >&2
    fi
    PCAPSURVIVAL="dotnet $ROOT/artifacts/bench/pcapsurvival.dll"
fi

# Creates namespace pcb-ID-$1 and sets NS to its name (no command substitution: that would run in a subshell
# and the name would never reach the cleanup list).
netns() { NS="pcb-$ID-$1"; ip netns add "$NS"; NAMESPACES+=("$NS");
          ip netns exec "$NS" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1;
          ip -n "$NS" link set lo up; }
# CPU seconds (user + system) a process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo "?"; }
veth() { # ns-a dev-a addr-a ns-b dev-b addr-b
    ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
    for side in "$1 $2 $3" "$4 $5 $6"; do
        set -- $side
        ip -n "$1" addr add "$3" dev "$2"
        ip -n "$1" link set "$2" up
        ip netns exec "$1" ethtool -K "$2" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
    done
}
# Starts a command in the background, records its pid for cleanup (and in $LAST).
spawn() { "$@" & LAST=$!; PIDS+=("$LAST"); }
wait_for() { local file=$1 text=$2; for _ in $(seq 200); do grep -q "$text" "$file" 2>/dev/null && return 0; sleep 0.05; done;
             echo "bench-capture.sh: timed out waiting for '$text' in $file" >&2; cat "$file" >&2; exit 1; }

echo "== throughput: iperf3 -b $RATE for ${DURATION}s over a veth pair, offloads off, buffer $BUFFER_MB MiB"
netns c; C=$NS; netns s; S=$NS
veth "$C" "pb${ID}c" 10.232.1.1/24 "$S" "pb${ID}s" 10.232.1.2/24
spawn ip netns exec "$S" iperf3 -s -1 -p 5201 >/dev/null
sleep 0.5
spawn ip netns exec "$C" tcpdump -i "pb${ID}c" -n -s 262144 -B $((BUFFER_MB * 1024)) --time-stamp-precision=nano \
    -w "$WORK/tcpdump.pcap" 2>"$WORK/tcpdump.err"
TCPDUMP=$LAST
spawn ip netns exec "$C" $PCAPSURVIVAL capture -i "pb${ID}c" --buffer "$BUFFER_MB" -w "$WORK/capture.pcap" \
    >"$WORK/capture.out" 2>"$WORK/capture.err"
CAPTURE=$LAST
wait_for "$WORK/tcpdump.err" "listening on"
wait_for "$WORK/capture.err" "capturing on"
ip netns exec "$C" iperf3 -c 10.232.1.2 -p 5201 -b "$RATE" -t "$DURATION" -M 1448 --json >"$WORK/iperf.json"
# tcpdump (not in immediate mode, the efficient way) reads the ring in TPACKET_V3 blocks, handed over when full or
# a second old; stopped by a signal it never reads a block still filling, so give the last block time to close.
sleep 2
CPU=$(cpu_seconds "$CAPTURE")
kill -TERM "$CAPTURE" "$TCPDUMP"
wait "$CAPTURE" || true
wait "$TCPDUMP" || true

mine=$(tcpdump -r "$WORK/capture.pcap" -n 2>/dev/null | wc -l)
theirs=$(tcpdump -r "$WORK/tcpdump.pcap" -n 2>/dev/null | wc -l)
first=$(tcpdump -r "$WORK/capture.pcap" -n -tt -c 1 2>/dev/null | cut -d' ' -f1)
last=$(tcpdump -r "$WORK/capture.pcap" -n -tt 2>/dev/null | tail -1 | cut -d' ' -f1)
bits=$(grep -o '"bits_per_second":[[:space:]]*[0-9.e+]*' "$WORK/iperf.json" | tail -1 | grep -o '[0-9.e+]*$')
summary=$(grep '^Capture on' "$WORK/capture.out")
kernel=$(sed -E 's/.*dropped: ([0-9,]+) by the kernel.*/\1/' <<<"$summary")
queue=$(sed -E 's/.* ([0-9,]+) by the analysis queue.*/\1/' <<<"$summary")
tcpdump_dropped=$(grep -o '[0-9]* packets dropped by kernel' "$WORK/tcpdump.err" || echo "?")
awk -v m="$mine" -v t="$theirs" -v f="$first" -v l="$last" -v b="$bits" -v k="$kernel" -v q="$queue" -v buf="$BUFFER_MB" \
    -v td="$tcpdump_dropped" -v cpu="$CPU" 'BEGIN {
    span = l - f; if (span <= 0) span = 1;
    printf "iperf3 throughput: %.1f Mbit/s\n", b / 1e6;
    printf "pcapsurvival: %d packets in %.2f s = %.0f packets/s held; kernel drops %s, analysis queue drops %s, buffer %d MiB, CPU %s s\n", m, span, m / span, k, q, buf, cpu;
    printf "tcpdump:      %d packets (%s)\n", t, td;
    printf "same packet count as tcpdump: %s\n", (m == t ? "yes" : "NO");
}'

[[ -n ${SKIP_LATENCY:-} ]] && exit 0
echo "== outage-end latency: client - router - server, 10 blocks/s, router's server link down 3 s"
netns c2; C2=$NS; netns r; R=$NS; netns s2; S2=$NS
veth "$C2" "pb${ID}x" 10.232.2.2/24 "$R" "pb${ID}y" 10.232.2.1/24
veth "$R" "pb${ID}z" 10.232.3.1/24 "$S2" "pb${ID}w" 10.232.3.2/24
ip -n "$C2" route add default via 10.232.2.1
ip -n "$S2" route add default via 10.232.3.1
ip -n "$R" route add blackhole 10.232.3.0/24 metric 100   # silent drops while the link is down, no ICMP
ip netns exec "$R" sysctl -q -w net.ipv4.ip_forward=1
spawn ip netns exec "$S2" iperf3 -s -1 -p 5202 >/dev/null
sleep 0.5
# Each stdout line is stamped with the wall clock the moment it arrives (through a FIFO, so the capture keeps its pid).
mkfifo "$WORK/latency.fifo"
spawn bash -c "while IFS= read -r line; do printf '%s\t%s\n' \"\$(date +%s.%N)\" \"\$line\"; done <'$WORK/latency.fifo' >'$WORK/latency.out'"
READER=$LAST
spawn ip netns exec "$C2" $PCAPSURVIVAL capture -i "pb${ID}x" -f "tcp port 5202" >"$WORK/latency.fifo" 2>"$WORK/latency.err"
CAPTURE2=$LAST
wait_for "$WORK/latency.err" "capturing on"
spawn ip netns exec "$C2" iperf3 -c 10.232.3.2 -p 5202 -b 80k -l 1000 -t 14 >/dev/null
CLIENT=$LAST
sleep 3
ip -n "$R" link set "pb${ID}z" down
sleep 3
ip -n "$R" link set "pb${ID}z" up
wait "$CLIENT" || true
sleep 1
kill -TERM "$CAPTURE2"
wait "$CAPTURE2" || true
wait "$READER" || true
if ! grep -q $'\t.* outage_end ' "$WORK/latency.out"; then
    echo "no outage_end line; output was:" >&2; cat "$WORK/latency.out" >&2; exit 1
fi
grep $'\t.* outage_end ' "$WORK/latency.out" | while IFS=$'\t' read -r printed line; do
    packet=$(date -d "$(cut -d' ' -f1 <<<"$line")" +%s.%N)
    awk -v p="$printed" -v t="$packet" -v l="$line" 'BEGIN { printf "outage_end printed %.1f ms after its packet: %s\n", (p - t) * 1000, l }'
done
