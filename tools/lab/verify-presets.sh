#!/usr/bin/env bash
# Re-records every reference scenario N times (default 3) with the restart lab and checks each recording's
# verdict against what really happened. The first scenarios are captured live by pcapsurvival and must get the
# verdict their reference capture in captures/ has; issue 16's incidents are captured by tcpdump (some need its
# filters, -i any link types or rotation) and checked against the truth the lab's manifest records.
# Run as root from the repository root after `dotnet build -c Release`:
#   tools/lab/verify-presets.sh [N] [NAME...]      (names: the first column below; default all)
# Needs tshark (apt-get install tshark) for the -i any scenarios.
set -uo pipefail
cd "$(dirname "$0")/../.."
rounds=3
if [[ ${1:-} =~ ^[0-9]+$ ]]; then rounds=$1; shift; fi
wanted=("$@")
binary=src/PcapSurvival.Cli/bin/Release/net10.0/pcapsurvival
[[ -x $binary ]] || { echo "build first: dotnet build -c Release" >&2; exit 1; }
export PCAPSURVIVAL=$binary
work=$(mktemp -d /tmp/verify-presets.XXXXXX)
trap 'rm -rf "$work"' EXIT

# name | restart-lab options | capturer | check: "=LINE" the SSH summary line the analysis must print, or a
# check_NAME function below (issue 16: the truth each incident must be told)
scenarios=(
  "survived-link|--preset survived-link|pcapsurvival|=SSH sessions: 1 survived"
  "survived-restart|--preset survived-restart|pcapsurvival|=SSH sessions: 1 survived"
  "survived-output|--preset survived-output|pcapsurvival|=SSH sessions: 1 survived"
  "died-retries|--preset died-retries|pcapsurvival|=SSH sessions: 1 died (reset after the client gave up)"
  "idle|--preset idle|pcapsurvival|=SSH sessions: 1 unaffected"
  "sshd-restart|--preset sshd-restart|pcapsurvival|=SSH sessions: 1 unaffected, 1 refused"
  "ipv6|--preset ipv6|pcapsurvival|=SSH sessions: 1 survived"
  "bulk|--preset bulk|pcapsurvival|=SSH sessions: 1 survived"
  "server-side|--preset survived-link --capture-at server|pcapsurvival|=SSH sessions: 1 survived"
  "midstream|--preset midstream|tcpdump|check_midstream"
  "midstream-output|--preset midstream-output|tcpdump|check_midstream"
  "keepalive|--preset keepalive|tcpdump|check_gave_up"
  "peer-reboot|--preset peer-reboot|tcpdump|check_peer_forgot"
  "one-way|--preset one-way|tcpdump|check_one_way"
  "one-way-s2c|--preset one-way-s2c|tcpdump|check_one_way"
  "any-router|--preset any-router|tcpdump|check_any"
  "any-router-sll|--preset any-router-sll|tcpdump|check_any"
  "rotated|--preset rotated|tcpdump|check_rotated"
  "one-direction|--preset one-direction|tcpdump|check_one_direction"
  "heavy-loss|--preset heavy-loss|tcpdump|check_heavy_loss"
  "silence-to-end|--preset silence-to-end|dumpcap|check_silence_to_end"
)

# ---- helpers: a manifest field, a CSV column of the SSH connection, the analysis' report ------------------
field() { sed -n "s/^ *\"$2\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -n 1; }
# column CSV NAME: NAME's value in each row (no quoted commas in the columns used here)
column() { awk -F, -v want="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == want) c = i; next } c { print $c }' "$1"; }
# ns ISO-TIME: nanoseconds since the epoch
ns() { local s; s=$(date -u -d "${1%.*}Z" +%s) && printf '%d%s' "$s" "$(printf '%-9s' "$(sed 's/^.*\.\([0-9]*\)Z$/\1/' <<< "$1")" | tr ' ' 0)"; }
ssh_line() { grep '^SSH sessions:' "$1/report.txt" | tail -n 1; }  # with several files: the whole's
why=''
expect() { why=$1; return 1; }  # expect REASON: a failed check says what the truth was

# The sides are the manifest's client and server (a capture that starts mid-session has no SYN to tell them).
check_sides() {
  local d=$1 m=$2
  [[ $(column "$d/connections.csv" client) == "$(field "$m" client_addr)" &&
     $(column "$d/connections.csv" server) == "$(field "$m" server_addr)" &&
     $(column "$d/connections.csv" server_port) == 22 ]] ||
    expect "client $(field "$m" client_addr), server $(field "$m" server_addr):22; got client $(column "$d/connections.csv" client), server $(column "$d/connections.csv" server):$(column "$d/connections.csv" server_port)"
}
# The window in which the network came back holds the moment it did: that lies between the command that
# restored it (event_end_ns) and the moment it had taken effect (event_end_done_ns).
check_back_window() {
  local d=$1 m=$2 after by
  after=$(column "$d/outages.csv" network_back_after | head -n 1)
  by=$(column "$d/outages.csv" network_back_by | head -n 1)
  [[ -n $after && -n $by ]] || { expect "an outage with its network-back window"; return 1; }
  (( $(ns "$after") <= $(field "$m" event_end_done_ns) && $(ns "$by") >= $(field "$m" event_end_ns) )) ||
    expect "the network came back between $(field "$m" event_end_ns) and $(field "$m" event_end_done_ns) ns; window $after .. $by"
}
check_midstream() {
  [[ $(ssh_line "$1") == "SSH sessions: 1 survived" ]] || { expect "survived; got $(ssh_line "$1")"; return 1; }
  check_sides "$1" "$2"
}
# ssh gave up (ServerAliveCountMax x ServerAliveInterval) during the outage: the session died then.
check_gave_up() {
  [[ $(field "$2" ssh_exit_code) == 255 ]] || { expect "the lab's ssh to give up (exit 255)"; return 1; }
  [[ $(ssh_line "$1") == "SSH sessions: 1 died"* && $(column "$1/connections.csv" verdict) == died ]] ||
    { expect "died (the client closed the connection during the outage); got $(ssh_line "$1")"; return 1; }
  grep -qi 'closed' "$1/report.txt" || expect "the reason: the client closed the connection during the outage"
}
# The server's sockets were destroyed during the outage: it had forgotten the connection.
check_peer_forgot() {
  [[ $(ssh_line "$1") == "SSH sessions: 1 died"* ]] || { expect "died; got $(ssh_line "$1")"; return 1; }
  grep -qi 'forgot' "$1/report.txt" || expect "the reason: the server had forgotten the connection"
}
check_one_way() {
  [[ $(ssh_line "$1") == "SSH sessions: 1 survived" ]] || { expect "survived; got $(ssh_line "$1")"; return 1; }
  check_back_window "$1" "$2"
}
# -i any on a router: each forwarded packet twice. Keeping only the copies as they came in (packet type 0,
# "to us") gives each packet once; the retransmissions counted must be those of that single copy.
check_any() {
  local once=$1/once.pcap real
  tshark -r "$3" -Y 'sll.pkttype == 0' -w "$once" 2>/dev/null || { expect "tshark to filter the capture"; return 1; }
  "$binary" analyze --csv "$1/once" "$once" > /dev/null
  real=$(column "$1/once/connections.csv" retransmissions)
  [[ $(ssh_line "$1") == "SSH sessions: 1 survived" ]] || { expect "survived; got $(ssh_line "$1")"; return 1; }
  [[ $(column "$1/connections.csv" retransmissions) == "$real" ]] ||
    expect "$real retransmissions (one copy of each packet); got $(column "$1/connections.csv" retransmissions)"
}
# The pieces of a rotated capture are one trace: one connection, one outage that spans a file boundary.
check_rotated() {
  [[ $(ssh_line "$1") == "SSH sessions: 1 survived" ]] || { expect "one session, survived; got $(ssh_line "$1")"; return 1; }
  [[ $(column "$1/outages.csv" stream | wc -l) == 1 ]] || { expect "one outage"; return 1; }
  check_back_window "$1" "$2"
}
# Only the client's packets were captured: whether the session lived cannot be told from them.
check_one_direction() {
  if [[ $(ssh_line "$1") == *died* ]]; then expect "no death claimed from one direction; got $(ssh_line "$1")"; return 1; fi
  grep -qiE 'cannot be told|one direction|only one side' "$1/report.txt" ||
    expect "a caveat that the capture holds one direction only"
}
check_heavy_loss() {
  [[ $(ssh_line "$1") == "SSH sessions: 1 unaffected" ]] || { expect "unaffected; got $(ssh_line "$1")"; return 1; }
  grep -qi 'degraded' "$1/report.txt" "$1/connections.csv" || expect "a degraded mark (25% loss, many short stalls)"
}
# The capturing host's own link went down and the capture stopped before it came back. Captured by dumpcap, whose
# pcapng records when it stopped: tcpdump's classic pcap ends with its last packet and cannot show the silence.
check_silence_to_end() {
  [[ $(ssh_line "$1") == "SSH sessions: 1 stalled" ]] || expect "stalled (silent, with data owed, until the capture ended); got $(ssh_line "$1")"
}

# ---- the runs ---------------------------------------------------------------------------------------------
failures=0
for entry in "${scenarios[@]}"; do
  IFS='|' read -r name options capturer check <<< "$entry"
  if [[ ${#wanted[@]} -gt 0 && ! " ${wanted[*]} " == *" $name "* ]]; then
    continue
  fi
  for (( round = 1; round <= rounds; round++ )); do
    out=$work/$name-$round.pcap
    # shellcheck disable=SC2086 # the options are words on purpose
    if ! tools/restart-lab.sh $options --capturer "$capturer" --out "$out" > "$work/$name-$round.log" 2>&1; then
      echo "FAIL $name #$round: the lab failed: $(tail -n 2 "$work/$name-$round.log" | tr '\n' ' ')"
      failures=$((failures + 1))
      continue
    fi
    files=("$out")
    [[ -f $out ]] || files=("${out%.pcap}"-[0-9]*-[0-9]*.pcap)  # a rotated series, in time order
    dir=$work/$name-$round
    "$binary" analyze --csv "$dir" "${files[@]}" > "$work/report.txt" 2>&1
    mv "$work/report.txt" "$dir/report.txt"
    summary=$(ssh_line "$dir")
    why=''
    if [[ $check == =* ]]; then
      [[ $summary == "${check#=}" ]] || why="expected \"${check#=}\""
    else
      "$check" "$dir" "${out%.pcap}.json" "${files[0]}" || why=${why:-the check failed}
    fi
    if [[ -z $why ]]; then
      echo "ok   $name #$round: $summary"
    else
      echo "FAIL $name #$round: got \"$summary\": $why"
      failures=$((failures + 1))
    fi
  done
done
echo "$failures failures"
[[ $failures -eq 0 ]]
