#!/usr/bin/env bash
# Re-creates the golden files the tests compare against: for every capture in captures/, the
# connections.csv and outages.csv that `pcapsurvival analyze --csv` writes. Review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/PcapSurvival.Cli -c Release -v quiet -nologo >/dev/null
binary=src/PcapSurvival.Cli/bin/Release/net10.0/pcapsurvival
expectations=tests/PcapSurvival.Cli.Tests/Expectations
for capture in captures/*.pcap captures/*.pcapng; do
  [[ -f $capture ]] || continue
  name=$(basename "${capture%.*}")
  out=$(mktemp -d)
  "$binary" analyze --csv "$out" "$capture" >/dev/null || true
  mkdir -p "$expectations/$name"
  cp "$out/connections.csv" "$out/outages.csv" "$expectations/$name/"
  rm -rf "$out"
  echo "$expectations/$name"
done
