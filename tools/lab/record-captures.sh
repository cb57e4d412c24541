#!/usr/bin/env bash
# Re-records the reference captures shipped in captures/ with the restart lab, each with its manifest
# (ground truth), then prints the verdicts pcapsurvival gives them. Run as root from the repository root:
#   tools/lab/record-captures.sh                 # all of them
#   tools/lab/record-captures.sh ssh-idle        # only some, by name
# Set CAPTURER=pcapsurvival (and PCAPSURVIVAL, see restart-lab.sh) to record with pcapsurvival capture.
set -euo pipefail
cd "$(dirname "$0")/../.."
lab=tools/restart-lab.sh
capturer=${CAPTURER:-tcpdump}

# name | restart-lab options
recordings=(
  "ssh-survived-link|--preset survived-link"
  "ssh-survived-restart|--preset survived-restart"
  "ssh-survived-output|--preset survived-output"
  "ssh-died-retries|--preset died-retries"
  "ssh-idle|--preset idle"
  "ssh-sshd-restart|--preset sshd-restart"
  "ssh-ipv6-link|--preset ipv6"
  "ssh-bulk-link|--preset bulk"
  "ssh-survived-link-server-side|--preset survived-link --capture-at server"
  "lossy-transfer|--workload bulk --event none --loss 20 --after 8"
)

wanted=("$@")
for entry in "${recordings[@]}"; do
  name=${entry%%|*}
  options=${entry#*|}
  if [[ ${#wanted[@]} -gt 0 && ! " ${wanted[*]} " == *" $name "* ]]; then
    continue
  fi
  echo "== $name: $lab $options"
  # shellcheck disable=SC2086 # the options are words on purpose
  "$lab" $options --name "$name" --capturer "$capturer" --out "captures/$name.pcap" --manifest "captures/$name.json" >/dev/null
done

binary=${PCAPSURVIVAL:-src/PcapSurvival.Cli/bin/Release/net10.0/pcapsurvival}
if [[ -x ${binary%% *} ]]; then
  for entry in "${recordings[@]}"; do
    name=${entry%%|*}
    [[ -f captures/$name.pcap ]] && printf '%-32s %s\n' "$name" "$($binary analyze "captures/$name.pcap" | grep -E '^(SSH sessions|All TCP)' | tr '\n' ' ')"
  done
fi
