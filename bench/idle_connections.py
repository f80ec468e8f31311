#!/usr/bin/env python3
"""Opens N keep-alive connections to a server, makes one request on each (so each is a real,
served keep-alive connection), then holds them idle until SIGTERM/SIGINT or --seconds pass.
Prints "holding N idle connections" once all are open (bench/http_bench.sh waits for that line),
and "lost K" at the end when the server closed any of them.

Usage: idle_connections.py HOST PORT N [--seconds S] [--path /healthz]
"""
import argparse
import resource
import selectors
import signal
import socket
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("count", type=int)
    parser.add_argument("--seconds", type=float, default=3600)
    parser.add_argument("--path", default="/healthz")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.count + 1024), hard))

    request = ("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n" % (args.path, args.host)).encode()
    sockets = []
    for _ in range(args.count):
        sock = socket.create_connection((args.host, args.port), timeout=30)
        sock.sendall(request)
        sockets.append(sock)
    for sock in sockets:  # each response is small and arrives in one piece on loopback
        answer = sock.recv(65536)
        if not answer.startswith(b"HTTP/1.1 200"):
            sys.exit("idle_connections: unexpected answer %r" % answer[:80])
        sock.setblocking(False)
    print("holding %d idle connections" % len(sockets), flush=True)

    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    selector = selectors.DefaultSelector()
    for sock in sockets:
        selector.register(sock, selectors.EVENT_READ)
    lost = 0
    deadline = time.monotonic() + args.seconds
    while not stop and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.5):
            selector.unregister(key.fileobj)
            key.fileobj.close()  # the server closed it (or sent something unasked)
            lost += 1
    print("lost %d" % lost, flush=True)


if __name__ == "__main__":
    main()
