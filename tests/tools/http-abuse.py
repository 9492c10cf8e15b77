#!/usr/bin/env python3
"""http-abuse.py - hostile HTTP clients against a server on 127.0.0.1, each
bounded in connections and time, each printing what the server did as one
line of JSON for the test to check (tests/e2e/abuse.t).

  slowloris PORT N SRC READY MAX [SECONDS]
                            N connections from address SRC that send a
                            request's headers one byte every 0.2 s for
                            SECONDS (default 3; READY is created once they
                            are open), then on until at most MAX are kept or
                            IIO_TEST_TIMEOUT seconds have passed: how many
                            the server accepted and kept, how many it refused
                            or closed, and how many it still held when the
                            trickle ended (trickling)
  idle PORT SRC WAIT        one connection that sends nothing: seconds until
                            the server closes it (at most WAIT)
  bigheader PORT BYTES      a request with a header of BYTES: the status line
                            the server answered, or "closed"
  flood PORT N SRC MAX      N connections at once, each held open until at
                            most MAX are left or IIO_TEST_TIMEOUT seconds
                            have passed: how many were accepted (got no
                            reset) before all close
  floodmany PORT N SRCS MAX  flood from each address of the comma-separated
                            SRCS at once, held until at most MAX are left in
                            all: how many were accepted, all addresses together

A busy server closes what it refuses later than an idle one: the clients
wait for the outcome the test expects (up to the one timeout the tests
state), never for a fixed time, so the figures do not depend on speed.
"""
import json
import os
import socket
import sys
import time


def connect(port, src, timeout=5.0):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    return s


PATIENCE = float(os.environ.get("IIO_TEST_TIMEOUT", "180"))


def settle(socks, at_most):
    """Number of SOCKS the server still holds once it holds at most AT_MOST,
    or when PATIENCE runs out. A closed socket stays closed."""
    open_socks = list(socks)
    end = time.time() + PATIENCE
    while True:
        open_socks = [s for s in open_socks if alive(s)]
        if len(open_socks) <= at_most or time.time() >= end:
            return len(open_socks)
        time.sleep(0.1)


def alive(s):
    """Whether the server still holds S open (no EOF/reset waiting)."""
    s.setblocking(False)
    try:
        data = s.recv(4096)
        return data != b"" and not data.startswith(b"HTTP/1.1 5")
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.setblocking(True)


def slowloris(port, n, src, ready, at_most, seconds=3.0):
    socks, refused = [], 0
    for _ in range(n):
        try:
            s = connect(port, src)
            s.sendall(b"GET /api/search?q=krimp HTTP/1.1\r\n")
            socks.append(s)
        except OSError:
            refused += 1
    open(ready, "w").close()
    end = time.time() + seconds
    while time.time() < end:
        for s in socks:
            try:
                s.sendall(b"X")
            except OSError:
                pass
        time.sleep(0.2)
    trickling = sum(1 for s in socks if alive(s))
    kept = settle(socks, at_most)
    for s in socks:
        s.close()
    return {"tried": n, "refused": refused, "kept": kept, "closed": n - refused - kept, "trickling": trickling}


def idle(port, src, wait):
    s = connect(port, src, timeout=wait)
    t0 = time.time()
    try:
        data = s.recv(1)
        closed = data == b""
    except socket.timeout:
        closed = False
    except OSError:
        closed = True
    s.close()
    return {"closed": closed, "after_s": round(time.time() - t0, 1)}


def bigheader(port, size):
    s = connect(port, "127.0.0.1", timeout=PATIENCE)
    try:
        s.sendall(b"GET /api/search?q=krimp HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * size + b"\r\n\r\n")
    except OSError:
        pass
    try:
        line = s.recv(200).split(b"\r\n")[0].decode("latin-1")
    except OSError:
        line = ""
    s.close()
    return {"status": line or "closed"}


def flood(port, n, src, at_most):
    return floodmany(port, n, [src], at_most)


def floodmany(port, n, srcs, at_most):
    socks, refused = [], 0
    for src in srcs:
        for _ in range(n):
            try:
                s = connect(port, src)
                socks.append(s)
            except OSError:
                refused += 1
    kept = settle(socks, at_most)
    for s in socks:
        s.close()
    return {"tried": n * len(srcs), "refused": refused, "kept": kept}


def main():
    cmd, port = sys.argv[1], int(sys.argv[2])
    a = sys.argv[3:]
    if cmd == "slowloris":
        out = slowloris(port, int(a[0]), a[1], a[2], int(a[3]), float(a[4]) if len(a) > 4 else 3.0)
    elif cmd == "idle":
        out = idle(port, a[0], float(a[1]))
    elif cmd == "bigheader":
        out = bigheader(port, int(a[0]))
    elif cmd == "flood":
        out = flood(port, int(a[0]), a[1], int(a[2]))
    elif cmd == "floodmany":
        out = floodmany(port, int(a[0]), a[1].split(","), int(a[2]))
    else:
        sys.exit("unknown command " + cmd)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
