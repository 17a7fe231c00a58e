#!/usr/bin/env bash
# Records the loopback captures of the replay tests (bulk.pcap, data-after-close.pcap, reuse.pcap) with
# replay-scenarios.py. Needs root, tcpdump and python3. Usage: make-replay-captures.sh [output-dir]
# A new run gives other ports, ISNs, timestamps and (for bulk) segment sizes, so the tests that pin
# packet numbers must be updated with the files.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

record() { # record <scenario> <port>; retries on a fresh port when the kernel dropped a packet
    local name="$1" port="$2"
    for try in 1 2 3 4 5; do
        tcpdump -i lo -Z root -U --immediate-mode -B 16384 -s 262144 -w "$out/$name.pcap" "tcp port $port" 2>"$log" &
        local pid=$!
        for _ in $(seq 100); do grep -q "listening on" "$log" && break; sleep 0.05; done
        python3 "$here/replay-scenarios.py" "$name" "$port"
        sleep 0.3
        kill -INT "$pid"
        wait "$pid" || true
        grep -q "^0 packets dropped by kernel" "$log" && return 0
        port=$((port + 100))
    done
    echo "$name: kernel drops on every try" >&2
    return 1
}

record bulk 42001
record data-after-close 42002
record reuse 42003
