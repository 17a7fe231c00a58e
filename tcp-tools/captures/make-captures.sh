#!/usr/bin/env bash
# Records the real-kernel capture files used by the pcap reader tests.
#
# Needs root (packet capture on lo), tcpdump, editcap/mergecap (wireshark tools)
# and python3.  Debian: apt-get install -y tshark tcpdump
#
# Usage: captures/make-captures.sh [output-dir]
# The default output is src/test/resources/captures/ of this module.  Each
# scenario uses its own port so that the filter 'tcp port P' isolates it, and
# tcpdump is stopped with SIGINT so it flushes and closes the file cleanly.
# --immediate-mode matters: with TPACKET_V3 buffering, packets still in a
# not-yet-retired ring block when SIGINT arrives never reach the file.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../src/test/resources/captures}"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# start_capture <iface> <file> <port> [extra tcpdump args...]; sets $cap_pid
start_capture() {
    local iface="$1" file="$2" port="$3"
    shift 3
    local log="$tmp/$(basename "$file").log"
    tcpdump -i "$iface" -Z root -U --immediate-mode -s 262144 "$@" -w "$file" "tcp port $port" 2>"$log" &
    cap_pid=$!
    # wait until libpcap has attached its filter, else the SYN may be missed
    for _ in $(seq 100); do
        grep -q "listening on" "$log" && return 0
        sleep 0.05
    done
    echo "tcpdump on $iface did not start:" >&2
    cat "$log" >&2
    return 1
}

stop_capture() {
    sleep 0.3 # let the last segments reach the capture buffer
    kill -INT "$1"
    wait "$1" || true
}

# True when every tcpdump of the last attempt reported no kernel drop.  The
# 'any' device occasionally loses a segment of a microsecond-spaced burst.
no_drops() {
    local log
    for log in "$@"; do
        grep -q "^0 packets dropped by kernel" "$log" || return 1
    done
}

# attempt <scenario> <port> <iface> <file> [<iface> <file> ...]
# Records one run of the scenario on each listed interface at once; the
# interface names any-sll and any-sll2 select the cooked link type on 'any'.
attempt() {
    local name="$1" port="$2"
    shift 2
    local pids=() logs=()
    while [ $# -gt 0 ]; do
        local extra=()
        [ "$1" = any-sll ] && extra=(-y LINUX_SLL)
        [ "$1" = any-sll2 ] && extra=(-y LINUX_SLL2)
        start_capture "${1%%-*}" "$2" "$port" "${extra[@]}"
        pids+=("$cap_pid")
        logs+=("$tmp/$(basename "$2").log")
        shift 2
    done
    python3 "$here/scenario.py" "$name" "$port"
    local pid
    for pid in "${pids[@]}"; do stop_capture "$pid"; done
    no_drops "${logs[@]}"
}

# record <scenario> <port> <iface> <file> ...: retries after a kernel drop, on
# a fresh port (P+100, P+200, ...) since the previous run may sit in TIME_WAIT.
record() {
    local name="$1" port="$2"
    shift 2
    local try
    for try in 0 1 2 3 4; do
        attempt "$name" $((port + 100 * try)) "$@" && return 0
        echo "$name: kernel dropped a packet, recording again" >&2
    done
    echo "$name: no complete capture after 5 attempts" >&2
    return 1
}

record close-client 40001 lo "$out/close-client.pcap"
record close-server 40002 lo "$out/close-server.pcap"
record half-close   40003 lo "$out/half-close.pcap"
record linger0      40004 lo "$out/linger0.pcap"
record unread-data  40005 lo "$out/unread-data.pcap"
record refused      40006 lo "$out/refused.pcap"
record self-connect 40007 lo "$out/self-connect.pcap"
record ipv6         40008 lo "$out/ipv6.pcap"

# One exchange recorded three times at once: on lo (Ethernet), and on the
# 'any' pseudo-device as Linux cooked v1 and v2.  All three carry the same IP
# packets, which lets the tests compare the link-layer decoders.
record close-client 40009 lo "$out/cooked-lo.pcap" \
    any-sll "$out/cooked-sll.pcap" any-sll2 "$out/cooked-sll2.pcap"

# Format variants of existing captures, converted by Wireshark's tools.
editcap -F pcapng   "$out/close-client.pcap" "$out/close-client.pcapng"
editcap -F nsecpcap "$out/close-client.pcap" "$out/close-client-nsec.pcap"
# Two interfaces with different link types (Ethernet and cooked v2) in one pcapng.
mergecap -F pcapng -w "$out/cooked-merged.pcapng" "$out/cooked-lo.pcap" "$out/cooked-sll2.pcap"

ls -l "$out"
