#!/usr/bin/env bash
# bench-compare.sh: the speed of `pcapsurvival compare A B` against `pcapsurvival analyze A B` (the same two files,
# each analyzed on its own) in interleaved rounds; packets/s over both files together, medians, and their ratio.
#
#   tools/bench-compare.sh [-r ROUNDS] [A B]
#
# Without files it makes a pair from /work/bench-data/bulk-*.pcap: B is A with every timestamp 0.25 s later
# (tools/shift-pcap-time.py), i.e. the same traffic seen at a second point with another clock. Generated files go to
# /work/bench-data/pair (outside git). Measures the Release build (dotnet build -c Release; built first).
set -euo pipefail
ROUNDS=5
if [[ ${1:-} == -r ]]; then ROUNDS=$2; shift 2; fi
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if (( $# == 2 )); then
    A=$1 B=$2
else
    A=$(ls /work/bench-data/bulk-*.pcap 2>/dev/null | head -n 1)
    [[ -n $A ]] || { echo "bench-compare: no /work/bench-data/bulk-*.pcap; make one with tools/make-bench-trace --kind bulk" >&2; exit 1; }
    mkdir -p /work/bench-data/pair
    B=/work/bench-data/pair/$(basename "$A" .pcap)-shifted.pcap
    [[ -s $B ]] || python3 "$ROOT/tools/shift-pcap-time.py" "$A" "$B" 0.25
fi
dotnet build "$ROOT/src/PcapSurvival.Cli" -c Release -v q -nologo > /dev/null
DLL=$ROOT/src/PcapSurvival.Cli/bin/Release/net10.0/pcapsurvival.dll
packets=$(( $(capinfos -c -M "$A" | awk '/Number of packets/ {print $NF}') + $(capinfos -c -M "$B" | awk '/Number of packets/ {print $NF}') ))
declare -a T_ANALYZE T_COMPARE
seconds() { local s e; s=$EPOCHREALTIME; "$@" > /dev/null; e=$EPOCHREALTIME; echo "$(( ${e/./} - ${s/./} ))"; }
for (( i = 0; i < ROUNDS; i++ )); do  # interleaved: the machine's load falls on both alike
    T_ANALYZE+=("$(seconds dotnet "$DLL" analyze "$A" "$B")")
    T_COMPARE+=("$(seconds dotnet "$DLL" compare "$A" "$B")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ma=$(median "${T_ANALYZE[@]}") mc=$(median "${T_COMPARE[@]}")
echo "files: $A $B ($packets packets together), $ROUNDS interleaved rounds, medians of wall time"
printf '| command | median s | packets/s (both files) |\n|---|---|---|\n'
printf '| analyze A B | %d.%06d | %d |\n' $(( ma / 1000000 )) $(( ma % 1000000 )) $(( packets * 1000000 / ma ))
printf '| compare A B | %d.%06d | %d |\n' $(( mc / 1000000 )) $(( mc % 1000000 )) $(( packets * 1000000 / mc ))
echo "compare / analyze time: $(awk -v c="$mc" -v a="$ma" 'BEGIN { printf "%.2f", c / a }')"
echo "rounds (µs): analyze ${T_ANALYZE[*]}; compare ${T_COMPARE[*]}"
