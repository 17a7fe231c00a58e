#!/usr/bin/env bash
# Runs the whole JMH suite (about 5 minutes on 2 cores), the footprint measurement, and renders
# docs/benchmarks/results.md and results.svg. Build the jar first:
#   mvn -B -q -pl tcp-bench -am package -DskipTests
# Extra arguments go to JMH (e.g. a benchmark regex, or -f 2 for more forks).
# JAR and OUT may be overridden from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${JAR:-tcp-bench/target/benchmarks.jar}
OUT=${OUT:-docs/benchmarks}
mkdir -p "$OUT"

machine() {
  echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpus:  $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "mem:   $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo)"
  echo "jdk:   $(java -version 2>&1 | head -2 | tail -1)"
  echo "os:    $(uname -sr)"
}
{ machine; echo "load before: $(uptime | sed 's/.*load average/load average/')"; } > "$OUT/machine.txt"

java -jar "$JAR" -rf json -rff "$OUT/results.json" \
  -prof gc -prof org.tcplifecycle.bench.CpuProfiler "$@" 2>&1 | tee "$OUT/jmh.log"

java -Xms8g -Xmx8g -XX:+UseParallelGC -Djol.magicFieldOffset=true -Djdk.attach.allowAttachSelf=true \
  --add-exports java.base/jdk.internal.vm.annotation=ALL-UNNAMED -cp "$JAR" org.tcplifecycle.bench.Footprint > "$OUT/footprint.md"

echo "load after:  $(uptime | sed 's/.*load average/load average/')" >> "$OUT/machine.txt"
java -cp "$JAR" org.tcplifecycle.bench.Report "$OUT/results.json" "$OUT/footprint.md" "$OUT/machine.txt" "$OUT"
echo "wrote $OUT/results.md and $OUT/results.svg"
