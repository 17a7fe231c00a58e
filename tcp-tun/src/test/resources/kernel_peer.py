"""The kernel's side of the TUN scenarios: plain sockets, run inside the test namespace.

Usage: kernel_peer.py MODE HOST PORT [ARGS...]. Prints key=value lines the tests read; errors are
printed as error=<errno name> (never a traceback for the outcomes the scenarios expect).
"""
import errno
import selectors
import socket
import struct
import sys
import threading


def out(*parts):
    print(" ".join(str(p) for p in parts), flush=True)


def pattern(n):
    return bytes(i & 0xFF for i in range(256)) * (n // 256) + bytes(range(n % 256))


def family(host):
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def connect(host, port):
    s = socket.socket(family(host), socket.SOCK_STREAM)
    s.settimeout(20)
    s.connect((host, port))
    out("local=%s:%d" % s.getsockname()[:2])
    return s


def read_to_eof(s):
    total = bytearray()
    while True:
        b = s.recv(65536)
        if not b:
            return bytes(total)
        total += b


def err_name(e):
    return errno.errorcode.get(e.errno, str(e.errno)) if isinstance(e, OSError) and e.errno else type(e).__name__


def echo(host, port, n):
    """Send n bytes while reading them back, then close first."""
    s = connect(host, port)
    data = pattern(n)
    t = threading.Thread(target=s.sendall, args=(data,))
    t.start()
    got = bytearray()
    while len(got) < n:
        b = s.recv(65536)
        if not b:
            break
        got += b
    t.join()
    out("received=%d" % len(got), "same=%s" % (bytes(got) == data))
    s.close()


def closes_last(host, port, n):
    """Send n bytes, read until the engine's FIN, then close."""
    s = connect(host, port)
    s.sendall(pattern(n))
    got = read_to_eof(s)
    out("eof received=%d" % len(got), "same=%s" % (got == pattern(n)))
    s.close()


def half(host, port, n):
    """Send n bytes, shut down our output at once, read until the engine's FIN."""
    s = connect(host, port)
    s.sendall(pattern(n))
    s.shutdown(socket.SHUT_WR)
    got = read_to_eof(s)
    out("eof received=%d" % len(got), "same=%s" % (got == pattern(n)))
    s.close()


def after_eof(host, port, n):
    """Read until the engine's FIN (it half-closed), then send n bytes into its half-open side."""
    s = connect(host, port)
    got = read_to_eof(s)
    out("eof received=%d" % len(got))
    s.sendall(pattern(n))
    out("sent=%d" % n)
    s.close()


def linger0(host, port):
    s = connect(host, port)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()
    out("aborted")


def expect_reset(host, port):
    """Send a little, then read until end of stream or an error (the engine is to reset us)."""
    s = connect(host, port)
    s.sendall(b"hello")
    total = 0
    try:
        while True:
            b = s.recv(100)
            if not b:
                out("eof received=%d" % total)
                break
            total += len(b)
    except OSError as e:
        out("error=%s received=%d" % (err_name(e), total))


def try_connect(host, port):
    try:
        s = connect(host, port)
        out("connected")
        s.close()
    except OSError as e:
        out("error=%s" % err_name(e))


def server(host, port, reply):
    """Accept one connection, read until FIN or reset, optionally echo, report, close."""
    ls = socket.socket(family(host), socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((host, port))
    ls.listen(8)
    ls.settimeout(20)
    out("listening")
    c, peer = ls.accept()
    c.settimeout(20)
    out("peer=%s:%d" % peer[:2])
    total = 0
    try:
        while True:
            b = c.recv(65536)
            if not b:
                out("eof received=%d" % total)
                break
            total += len(b)
            if reply:
                c.sendall(b)
    except OSError as e:
        out("error=%s received=%d" % (err_name(e), total))
    c.close()
    ls.close()


def many(host, port, count, size):
    """count connections open at once; each sends size bytes, reads them back, closes first."""
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < count + 64:  # one descriptor per connection
        want = count + 64 if hard == resource.RLIM_INFINITY else min(hard, count + 64)
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    sel = selectors.DefaultSelector()
    data = pattern(size)
    state = {}
    for _ in range(count):
        s = socket.socket(family(host), socket.SOCK_STREAM)
        s.setblocking(False)
        s.connect_ex((host, port))
        state[s] = {"out": 0, "in": bytearray(), "up": False}
        sel.register(s, selectors.EVENT_WRITE)
    ok = failed = 0
    pending = count
    established = 0
    closing = []
    while pending:
        events = sel.select(timeout=20)
        if not events:
            break
        for key, mask in events:
            s = key.fileobj
            st = state[s]
            try:
                if not st["up"]:
                    e = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if e:
                        raise OSError(e, "connect")
                    st["up"] = True
                    established += 1
                if mask & selectors.EVENT_WRITE and st["out"] < size:
                    st["out"] += s.send(data[st["out"]:])
                    if st["out"] == size:
                        sel.modify(s, selectors.EVENT_READ)
                if mask & selectors.EVENT_READ:
                    b = s.recv(65536)
                    if not b:
                        raise OSError(errno.ECONNABORTED, "early eof")
                    st["in"] += b
                    if len(st["in"]) == size:
                        ok += bytes(st["in"]) == data
                        failed += bytes(st["in"]) != data
                        sel.unregister(s)
                        closing.append(s)
                        pending -= 1
            except OSError:
                failed += 1
                sel.unregister(s)
                s.close()
                pending -= 1
    # all echoes are back while every connection is still open: now close them all at once
    for s in closing:
        s.close()
    out("established=%d ok=%d failed=%d unfinished=%d" % (established, ok, failed, pending))


def main():
    mode, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    args = [int(a) for a in sys.argv[4:]]
    try:
        {
            "echo": echo, "closes_last": closes_last, "half": half, "after_eof": after_eof,
            "linger0": linger0, "expect_reset": expect_reset, "connect": try_connect,
            "server": server, "many": many,
        }[mode](host, port, *args)
    except OSError as e:
        out("error=%s" % err_name(e))
        sys.exit(3)


if __name__ == "__main__":
    main()
