"""Who may reach `workbench serve`: the Origin and Host checks and the session cap, in front of textual-serve.

textual-serve accepts a websocket from any page and starts a process for each: a page on another
site, open in a reviewer's browser, could drive the app and save verdicts under any name, and
DNS rebinding gets past a loopback-only bind. A browser always sends the page's Origin with a
websocket, and the Host it asked for: both must be the address the app is served on.
"""

from __future__ import annotations

import asyncio
import signal
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_MAX_SESSIONS = 8  # each session is a process of about 35 MB


def _netloc(host: str, port: int) -> str:
    host = f"[{host}]" if ":" in host else host
    return host if port in (80, 443) else f"{host}:{port}"


def allowed_addresses(host: str, port: int, public_url: str | None) -> tuple[set[str], set[str]]:
    """(origins, hosts) that browsers may use: the public URL's, and the bound address's."""
    hosts = {_netloc(host, port)}
    if host in LOOPBACK:
        hosts |= {_netloc(name, port) for name in LOOPBACK}
    origins = {f"http://{netloc}" for netloc in hosts}
    if public_url:
        parts = urlsplit(public_url)
        hosts.add(parts.netloc)
        origins.add(f"{parts.scheme}://{parts.netloc}")
    return {o.lower() for o in origins}, {h.lower() for h in hosts}


class GatedServer(Server):
    """textual-serve's Server, refusing foreign Origins and Hosts and more than `max_sessions`."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        public_url: str | None,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        title: str = "workbench",
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.origins, self.hosts = allowed_addresses(host, port, public_url)
        self.max_sessions = max_sessions
        self.sessions = 0

    def serve(self, debug: bool = False) -> None:
        """textual-serve's serve(), but saying "Listening on …" once the port is bound: its own
        banner comes before, from the app's start-up, so a script (or a test) waiting for the
        server knows from this line that it can connect."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for stop in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(stop, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *_: self.console.print(f"Listening on {self.public_url}", highlight=False),
        )

    def refusal(self, request: web.Request, *, websocket: bool) -> str | None:
        """Why this request is refused, or None."""
        if (request.headers.get("Host") or "").lower() not in self.hosts:
            return "this server is not reached by that name"
        if websocket:
            origin = (request.headers.get("Origin") or "").lower()
            if origin not in self.origins:
                return "a page from another site may not open a session"
        return None

    async def handle_index(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        problem = self.refusal(request, websocket=False)
        if problem:
            return web.Response(status=403, text=f"Forbidden: {problem}.\n")
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        problem = self.refusal(request, websocket=True)
        if problem:
            return web.Response(status=403, text=f"Forbidden: {problem}.\n")
        if self.sessions >= self.max_sessions:
            return web.Response(
                status=503, text=f"All {self.max_sessions} review sessions are in use; try again later.\n"
            )
        self.sessions += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions -= 1
