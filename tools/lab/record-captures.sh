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

# name | restart-lab options [| capturer for this one: dumpcap writes NAME.pcapng]
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
  # issue 16's incidents
  "ssh-midstream|--preset midstream"
  "ssh-midstream-output|--preset midstream-output"
  "ssh-keepalive-gave-up|--preset keepalive"
  "ssh-peer-reboot|--preset peer-reboot"
  "ssh-one-way|--preset one-way"
  "ssh-one-way-s2c|--preset one-way-s2c"
  "ssh-any-router|--preset any-router"
  "ssh-any-router-sll|--preset any-router-sll"
  "ssh-rotated|--preset rotated"
  "ssh-one-direction|--preset one-direction"
  "ssh-heavy-loss|--preset heavy-loss"
  "ssh-silence-to-end|--preset silence-to-end"
  "ssh-silence-to-end-dumpcap|--preset silence-to-end|dumpcap"
)

wanted=("$@")
for entry in "${recordings[@]}"; do
  IFS='|' read -r name options own_capturer <<< "$entry"
  extension=pcap
  [[ ${own_capturer:-} == dumpcap ]] && extension=pcapng
  if [[ ${#wanted[@]} -gt 0 && ! " ${wanted[*]} " == *" $name "* ]]; then
    continue
  fi
  echo "== $name: $lab $options"
  # nice: on a busy machine the workload's own timing (a line every 100 ms) would stall otherwise; the
  # ground truth does not depend on it (stamped before and after each command)
  # shellcheck disable=SC2086 # the options are words on purpose
  nice -n -10 "$lab" $options --name "$name" --capturer "${own_capturer:-$capturer}" --out "captures/$name.$extension" --manifest "captures/$name.json" >/dev/null
done

binary=${PCAPSURVIVAL:-src/PcapSurvival.Cli/bin/Release/net10.0/pcapsurvival}
if [[ -x ${binary%% *} ]]; then
  for entry in "${recordings[@]}"; do
    name=${entry%%|*}
    # a rotated series is NAME-YYYYmmdd-HHMMSS.pcap, given in order
    files=(captures/"$name".pcap)
    [[ -f ${files[0]} ]] || files=(captures/"$name".pcapng)
    [[ -f ${files[0]} ]] || files=(captures/"$name"-[0-9]*-[0-9]*.pcap)
    [[ -f ${files[0]} ]] && printf '%-32s %s\n' "$name" "$($binary analyze "${files[@]}" | grep -E '^(SSH sessions|All TCP)' | tr '\n' ' ')"
  done
fi
