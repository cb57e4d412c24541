#!/usr/bin/env bash
# Re-records every reference scenario N times (default 3) with the restart lab, captured live by
# pcapsurvival, and checks that each recording gets the verdict its reference capture in captures/ has.
# Run as root from the repository root after `dotnet build -c Release`:  tools/lab/verify-presets.sh [N]
set -uo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
binary=src/PcapSurvival.Cli/bin/Release/net10.0/pcapsurvival
[[ -x $binary ]] || { echo "build first: dotnet build -c Release" >&2; exit 1; }
export PCAPSURVIVAL=$binary
work=$(mktemp -d /tmp/verify-presets.XXXXXX)
trap 'rm -rf "$work"' EXIT

# name | restart-lab options | the summary line the analysis must print
scenarios=(
  "survived-link|--preset survived-link|SSH sessions: 1 survived"
  "survived-restart|--preset survived-restart|SSH sessions: 1 survived"
  "survived-output|--preset survived-output|SSH sessions: 1 survived"
  "died-retries|--preset died-retries|SSH sessions: 1 died (reset after the client gave up)"
  "idle|--preset idle|SSH sessions: 1 unaffected"
  "sshd-restart|--preset sshd-restart|SSH sessions: 1 unaffected, 1 refused"
  "ipv6|--preset ipv6|SSH sessions: 1 survived"
  "bulk|--preset bulk|SSH sessions: 1 survived"
  "server-side|--preset survived-link --capture-at server|SSH sessions: 1 survived"
)

failures=0
for entry in "${scenarios[@]}"; do
  IFS='|' read -r name options expected <<< "$entry"
  for (( round = 1; round <= rounds; round++ )); do
    out=$work/$name-$round.pcap
    # shellcheck disable=SC2086 # the options are words on purpose
    if ! tools/restart-lab.sh $options --capturer pcapsurvival --out "$out" > "$work/$name-$round.log" 2>&1; then
      echo "FAIL $name #$round: the lab failed: $(tail -n 2 "$work/$name-$round.log" | tr '\n' ' ')"
      failures=$((failures + 1))
      continue
    fi
    summary=$("$binary" analyze "$out" | grep '^SSH sessions:')
    if [[ $summary == "$expected" ]]; then
      echo "ok   $name #$round: $summary"
    else
      echo "FAIL $name #$round: got \"$summary\", expected \"$expected\""
      failures=$((failures + 1))
    fi
  done
done
echo "$failures failures"
[[ $failures -eq 0 ]]
