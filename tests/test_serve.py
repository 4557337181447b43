"""workbench serve: the app in a browser, a process per session, writing the shared file."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import aiohttp


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_page(url: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_gives_each_browser_a_session_that_saves_verdicts(db_path):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(db_path), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = wait_for_page(f"http://127.0.0.1:{port}/")
        assert f"ws://127.0.0.1:{port}/ws" in page  # the page's terminal connects back to us

        async def browser() -> None:
            async with (
                aiohttp.ClientSession() as session,
                session.ws_connect(f"http://127.0.0.1:{port}/ws?width=120&height=36") as socket_,
            ):

                async def drain(seconds: float) -> None:
                    end = time.monotonic() + seconds
                    while time.monotonic() < end:
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(socket_.receive(), timeout=0.2)

                await drain(6)  # the session's process starts and shows the name prompt
                await socket_.send_json(["stdin", "zoe"])
                await socket_.send_json(["stdin", "\r"])
                await drain(4)
                await socket_.send_json(["stdin", "e"])  # editorialized, on the first claim
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    await drain(0.5)
                    conn = sqlite3.connect(db_path)
                    found = conn.execute("SELECT label FROM verdicts WHERE reviewer = 'zoe'").fetchall()
                    conn.close()
                    if found:
                        assert found == [("editorialized",)]
                        return
                raise AssertionError("the browser session's verdict never reached the database")

        asyncio.run(browser())
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "127.0.0.1" in output and "Traceback" not in output
