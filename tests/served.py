"""``kg serve`` in a process of its own, and plain HTTP to it, for the tests of the served endpoint."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time


class Served:
    """``kg serve`` in a process of its own; its address is read from what it prints."""

    def __init__(self, store_path, *options: str):
        self.process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store_path),
                                         "--port", "0", *options], stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        match = re.search(r"at (http://[\d.]+:\d+)/query", line)
        if not match:
            self.stop()
            raise RuntimeError(f"kg serve did not start: {line}{self.process.stderr.read()}")
        self.base = match.group(1)
        self.banner = line
        # the access log goes on to stderr: keep reading it, or a full pipe would stall the server
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(self.process.stderr), daemon=True).start()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def eventually(check, seconds: float = 1.0) -> bool:
    """Whether ``check()`` turns true within ``seconds``: the server shows a committed write to
    queries within a second (its workers open a fresh view in the background)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def raw_http(base: str, data: bytes, *, read_timeout: float = 5.0, half_close: bool = False) -> bytes:
    """Send ``data`` as it is to the server at ``base`` and return all it answers until it closes
    the connection or falls silent for ``read_timeout`` seconds."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=read_timeout) as connection:
        connection.sendall(data)
        if half_close:
            try:
                connection.shutdown(socket.SHUT_WR)
            except OSError:  # the server closed it already
                pass
        received = b""
        try:
            while chunk := connection.recv(65536):
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return received
