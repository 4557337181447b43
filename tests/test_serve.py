"""workbench serve: the app in a browser, a process per session, writing the shared file; only pages
of the served address may open a session, and only so many at once."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import aiohttp
import pytest

from workbench import store
from workbench.services.review import default_pair
from workbench.tui.serve_gate import allowed_addresses

READY_SECONDS = 90  # a session's process starting on a loaded 2-core machine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


@contextmanager
def serving(db_path, *extra: str):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(db_path), "serve", "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        said = []
        for line in server.stdout:  # the server says when its port is bound
            said.append(line)
            if "Listening on" in line:
                break
        else:
            raise AssertionError("the server ended before it listened:\n" + "".join(said))
        yield port
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
        assert "Traceback" not in output, output


class Terminal:
    """A browser's end of a session's websocket: what the app drew, and keys to send."""

    def __init__(self, socket_: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket_
        self.screen = ""

    async def wait_for(self, text: str, seconds: float = READY_SECONDS) -> None:
        deadline = time.monotonic() + seconds
        while text not in self.screen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never appeared on the session's screen")
            try:
                message = await asyncio.wait_for(self.socket.receive(), timeout=left)
            except TimeoutError:
                continue
            if message.type == aiohttp.WSMsgType.BINARY:
                self.screen += message.data.decode("utf-8", "replace")
            elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                raise AssertionError("the session closed")

    async def type(self, keys: str) -> None:
        await self.socket.send_json(["stdin", keys])


def verdicts_of(db_path, reviewer: str) -> dict[str, str]:
    db = store.open_db(db_path)  # a connection of its own: a file, or a PostgreSQL database
    try:
        rows = db.execute("SELECT passage_id, label FROM verdicts WHERE reviewer = ?", [reviewer]).fetchall()
    finally:
        db.close()
    return dict(rows)


def test_a_browser_session_saves_each_key_of_a_burst_on_its_own_claim(db_path):
    with serving(db_path) as port:
        served = page(f"http://127.0.0.1:{port}/")
        assert f"ws://127.0.0.1:{port}/ws" in served  # the page's terminal connects back to us
        db = store.open_db(db_path)
        left, _ = default_pair(db)
        claims = [p.id for p in store.list_passages(db, left.id) if p.claim]
        first_four = claims[:4]
        db.close()

        async def browser() -> None:
            origin = {"Origin": f"http://127.0.0.1:{port}"}
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(f"http://127.0.0.1:{port}/ws?width=120&height=36", headers=origin) as ws,
            ):
                terminal = Terminal(ws)
                await terminal.wait_for("Who is reviewing?")
                await terminal.type("zoe\r")
                await terminal.wait_for("Reviewing")
                await terminal.type("sceu")  # four keys in one message, as a paste or fast hands send them
                # the progress line counts a verdict once it is committed: then read the database
                await terminal.wait_for(f"4/{len(claims)} reviewed")
                found = verdicts_of(db_path, "zoe")
                assert [found.get(claim) for claim in first_four] == [
                    "supported", "contradicted", "editorialized", "unsupported",
                ]  # fmt: skip

        asyncio.run(browser())


def test_a_page_from_another_site_or_host_name_cannot_open_a_session(db_path):
    with serving(db_path) as port:

        async def attempt(headers: dict[str, str]) -> int:
            async with aiohttp.ClientSession() as session:
                try:
                    async with session.ws_connect(f"http://127.0.0.1:{port}/ws", headers=headers):
                        return 101
                except aiohttp.WSServerHandshakeError as error:
                    return error.status

        assert asyncio.run(attempt({"Origin": "http://evil.example"})) == 403
        assert asyncio.run(attempt({})) == 403  # a browser always sends one
        rebound = {"Origin": f"http://evil.example:{port}", "Host": f"evil.example:{port}"}
        assert asyncio.run(attempt(rebound)) == 403  # DNS rebinding: the page's name, our address
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": "evil.example"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403
    assert verdicts_of(db_path, "zoe") == {}


def test_sessions_past_the_cap_are_refused(db_path):
    with serving(db_path, "--max-sessions", "1") as port:

        async def two_browsers() -> int:
            origin = {"Origin": f"http://localhost:{port}"}
            url = f"http://127.0.0.1:{port}/ws"
            async with aiohttp.ClientSession() as session, session.ws_connect(url, headers=origin) as first:
                await Terminal(first).wait_for("Who is reviewing?")
                try:
                    async with session.ws_connect(url, headers=origin):
                        return 101
                except aiohttp.WSServerHandshakeError as error:
                    return error.status

        assert asyncio.run(two_browsers()) == 503


def test_the_allowed_addresses_follow_the_bind_and_the_public_url():
    origins, hosts = allowed_addresses("127.0.0.1", 8000, "https://review.example.org")
    assert "https://review.example.org" in origins and "http://localhost:8000" in origins
    assert "review.example.org" in hosts and "127.0.0.1:8000" in hosts
    assert "http://evil.example" not in origins


def test_a_busy_port_is_said_before_any_banner(db_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "workbench", "--db", str(db_path), "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Serving" not in result.stdout + result.stderr and "Traceback" not in result.stderr
