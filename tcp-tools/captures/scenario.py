#!/usr/bin/env python3
"""Drives one TCP close scenario over loopback so that tcpdump can record it.

Usage: scenario.py <scenario> <port>

Each scenario runs a listener and a client in one process (threads), with fixed
payloads, and returns once both sides have closed. Short sleeps separate the
steps so the kernel emits each segment on its own (no piggy-backed FIN on data
unless the scenario wants it) and the capture reads in the same order each run.
"""
import socket
import struct
import sys
import threading
import time

HOST4 = "127.0.0.1"
HOST6 = "::1"
STEP = 0.05  # seconds between steps; long enough for the peer's ACK to leave


def listener(family, host, port):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, port))
    s.listen(1)
    return s


def read_to_eof(conn):
    data = b""
    while True:
        chunk = conn.recv(4096)
        if not chunk:
            return data
        data += chunk


def run(server_side, client_side, family=socket.AF_INET, host=HOST4, port=0):
    lst = listener(family, host, port)
    errors = []

    def server():
        try:
            conn, _ = lst.accept()
            lst.close()
            server_side(conn)
        except Exception as e:  # reported after join so the script fails loudly
            errors.append(("server", e))

    t = threading.Thread(target=server)
    t.start()
    c = socket.socket(family, socket.SOCK_STREAM)
    try:
        c.connect((host, port))
        client_side(c)
    except Exception as e:
        errors.append(("client", e))
    t.join(5)
    if errors:
        raise SystemExit("scenario failed: %r" % errors)


def close_client(port, family=socket.AF_INET, host=HOST4):
    """Client sends a request, reads the reply, then closes first."""
    def server(conn):
        assert conn.recv(100) == b"hello"
        time.sleep(STEP)
        conn.sendall(b"world")
        assert read_to_eof(conn) == b""
        time.sleep(STEP)
        conn.close()

    def client(c):
        c.sendall(b"hello")
        assert c.recv(100) == b"world"
        time.sleep(STEP)
        c.close()
    run(server, client, family, host, port)


def close_server(port):
    """Server sends a reply and closes first; the client closes after EOF."""
    def server(conn):
        assert conn.recv(100) == b"hello"
        time.sleep(STEP)
        conn.sendall(b"world")
        time.sleep(STEP)
        conn.close()

    def client(c):
        c.sendall(b"hello")
        assert read_to_eof(c) == b"world"
        time.sleep(STEP)
        c.close()
    run(server, client, port=port)


def half_close(port):
    """Client shuts down its sending side; the server keeps sending, then closes."""
    def server(conn):
        assert read_to_eof(conn) == b"request"
        for part in (b"one", b"two", b"three"):
            time.sleep(STEP)
            conn.sendall(part)
        time.sleep(STEP)
        conn.close()

    def client(c):
        c.sendall(b"request")
        time.sleep(STEP)
        c.shutdown(socket.SHUT_WR)
        assert read_to_eof(c) == b"onetwothree"
        time.sleep(STEP)
        c.close()
    run(server, client, port=port)


def linger0(port):
    """Client sets SO_LINGER {on, 0} and closes: the kernel sends RST, not FIN."""
    def server(conn):
        assert conn.recv(100) == b"hello"
        time.sleep(STEP)
        conn.sendall(b"world")
        try:
            read_to_eof(conn)
        except ConnectionResetError:
            pass
        conn.close()

    def client(c):
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        c.sendall(b"hello")
        assert c.recv(100) == b"world"
        time.sleep(STEP)
        c.close()
    run(server, client, port=port)


def unread_data(port):
    """Server closes while the client's data sits unread: RST per RFC 2525 2.17."""
    def server(conn):
        time.sleep(3 * STEP)  # let the client's data arrive, never read it
        conn.close()

    def client(c):
        c.sendall(b"unread data")
        time.sleep(6 * STEP)
        try:
            c.recv(100)
        except ConnectionResetError:
            pass
        c.close()
    run(server, client, port=port)


def refused(port):
    """Nothing listens on the port: the SYN is answered by RST,ACK."""
    c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        c.connect((HOST4, port))
        raise SystemExit("connection to %d unexpectedly succeeded" % port)
    except ConnectionRefusedError:
        pass
    finally:
        c.close()


def self_connect(port):
    """A socket bound to a port connects to that same address and port."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST4, port))
    s.connect((HOST4, port))
    s.sendall(b"echo")
    assert s.recv(100) == b"echo"
    time.sleep(STEP)
    s.close()


def ipv6(port):
    close_client(port, socket.AF_INET6, HOST6)


SCENARIOS = {
    "close-client": close_client,
    "close-server": close_server,
    "half-close": half_close,
    "linger0": linger0,
    "unread-data": unread_data,
    "refused": refused,
    "self-connect": self_connect,
    "ipv6": ipv6,
}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SCENARIOS:
        raise SystemExit("usage: scenario.py {%s} <port>" % ",".join(SCENARIOS))
    SCENARIOS[sys.argv[1]](int(sys.argv[2]))
