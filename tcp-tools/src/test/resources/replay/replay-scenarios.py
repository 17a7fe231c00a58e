#!/usr/bin/env python3
"""Drives one loopback TCP scenario for the replay tests; tcpdump records it.

Usage: replay-scenarios.py <scenario> <port>

bulk              the client sends 200 000 bytes and shuts down its output; the server reads to EOF,
                  answers "ok" and closes (Linux segments of up to 64 KiB, delayed and coalesced ACKs,
                  zero-window ACKs and window updates)
data-after-close  the server reads "one" and closes; the client then sends "two", which the closed
                  server answers with RST
reuse             two connections from client port P+1 to server port P; the server closes first each
                  time, so the second SYN meets the server's TIME_WAIT
"""
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
STEP = 0.05


def listener(port, backlog=1):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((HOST, port))
    s.listen(backlog)
    return s


def read_to_eof(c):
    n = 0
    while True:
        b = c.recv(65536)
        if not b:
            return n
        n += len(b)


def bulk(port):
    lst = listener(port)

    def server():
        c, _ = lst.accept()
        assert read_to_eof(c) == 200000
        c.sendall(b"ok")
        time.sleep(STEP)
        c.close()

    t = threading.Thread(target=server)
    t.start()
    c = socket.create_connection((HOST, port))
    c.sendall(b"x" * 200000)
    c.shutdown(socket.SHUT_WR)
    read_to_eof(c)
    time.sleep(STEP)
    c.close()
    t.join(5)


def data_after_close(port):
    lst = listener(port)

    def server():
        c, _ = lst.accept()
        assert c.recv(100) == b"one"
        time.sleep(STEP)
        c.close()

    t = threading.Thread(target=server)
    t.start()
    c = socket.create_connection((HOST, port))
    c.sendall(b"one")
    time.sleep(2 * STEP)
    c.sendall(b"two")
    time.sleep(2 * STEP)
    try:
        c.recv(10)
    except OSError:
        pass
    c.close()
    t.join(5)


def reuse(port):
    lst = listener(port, 2)

    def server():
        for _ in range(2):
            c, _ = lst.accept()
            assert c.recv(100) == b"hi"
            c.sendall(b"yo")
            time.sleep(STEP)
            c.close()

    t = threading.Thread(target=server)
    t.start()
    for _ in range(2):
        c = socket.socket()
        c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        c.bind((HOST, port + 1))
        c.connect((HOST, port))
        c.sendall(b"hi")
        assert c.recv(100) == b"yo"
        read_to_eof(c)
        time.sleep(STEP)
        c.close()
        time.sleep(4 * STEP)
    t.join(5)


if __name__ == "__main__":
    {"bulk": bulk, "data-after-close": data_after_close, "reuse": reuse}[sys.argv[1]](int(sys.argv[2]))
