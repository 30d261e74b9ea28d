"""Bind the socket and serve the team's page with uvicorn until interrupted."""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable
from typing import Any

from mops.errors import ConfigError, UsageError

MISSING = "mops serve needs starlette and uvicorn: pip install 'mops[web]'"


def check_installed() -> None:
    """A ConfigError naming the extra when the server libraries are missing: said before any work."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise ConfigError(MISSING, hint="the web extra holds starlette (the application) and uvicorn (the server)") from None


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `host`:`port` (0: a free port the system picks)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UsageError(f"--host {host}: not an address this machine has ({exc.strerror})",
                         hint="the default, 127.0.0.1, serves this machine only") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is in use", hint="give another --port, or --port 0 for any free one") from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}", hint="give another --port or --host") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(ws: Any, *, host: str = "127.0.0.1", port: int = 8000, ready: Callable[[str], None] | None = None) -> None:
    """Serve `ws` read-only on `host`:`port` until interrupted (Ctrl-C); `ready` is called with the
    URL once the socket listens, before the first request is answered."""
    check_installed()
    import uvicorn

    from mops.gcpause import resume_cyclic_gc
    from mops.web.app import build_app

    if ws.root is None:
        raise UsageError("no workspace to serve", hint="give --workspace DIR, or run mops serve inside a workspace (mops init makes one)")
    sock = bind(host, port)
    app = build_app(ws.config_path, ws.config.name or ws.root.name, host=host)
    resume_cyclic_gc()  # a long-lived process keeps its collector (mops/gcpause.py says why commands pause it)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", proxy_headers=False, server_header=False)
    if ready is not None:
        ready(url_of(sock))
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
