"""PostgreSQL as the store: the same commands, the same answers and byte for byte the same exports
as on an SQLite file, against a real server the tests start (pgserver's bundled PostgreSQL)."""

from __future__ import annotations

import importlib
import os
import pkgutil
import signal
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner

from workbench import store
from workbench.cli import main

from .conftest import SEEDS
from .test_concurrency import WRITER, acknowledged, killed_after

pytest.importorskip("psycopg")
pytest.importorskip("pgserver")

FIXED = "2026-01-02T03:04:05.678Z"


@pytest.fixture
def fixed_clock(monkeypatch):
    """Every timestamp the store writes is the same, so two databases can be compared byte for byte."""
    import workbench.store

    for info in pkgutil.iter_modules(workbench.store.__path__):
        module = importlib.import_module(f"workbench.store.{info.name}")
        if hasattr(module, "now"):
            monkeypatch.setattr(module, "now", lambda: FIXED)


def cli(target, *args, reviewer: str = "ana"):
    return CliRunner().invoke(main, ["--db", str(target), "--reviewer", reviewer, *args])


def claims_of(target, name: str) -> list[str]:
    db = store.open_db(target)
    try:
        article = next(a for a in store.list_articles(db) if a.name.startswith(name))
        return [p.id for p in store.list_passages(db, article.id, claims_only=True)]
    finally:
        db.close()


def session(target) -> dict[str, tuple[int, str]]:
    """A team's session through the command line: what each command printed, and its exit code."""
    said: dict[str, tuple[int, str]] = {}

    def run(*args, reviewer: str = "ana") -> None:
        result = cli(target, *args, reviewer=reviewer)
        said[f"{reviewer}: {' '.join(args)}"] = (result.exit_code, result.output)

    run("import", str(SEEDS))
    rewrite, original = claims_of(target, "000"), claims_of(target, "002")
    run("role", "dee", "adjudicator")
    run("mark", rewrite[0], "supported", "--note", "as the original says")
    run("mark", rewrite[1], "contradicted", "--evidence", original[1], "--evidence", original[2])
    run("mark", rewrite[2], "editorialized")
    run("mark", rewrite[0], "contradicted", reviewer="ben")
    run("mark", rewrite[1], "contradicted", reviewer="ben")
    run("mark", rewrite[3], "unsupported", reviewer="ben")
    run("unmark", rewrite[3], reviewer="ben")
    run("adjudicate", rewrite[0], "supported", "--note", "the figure is right", reviewer="dee")
    for command in (
        ["status"],
        ["show", "000"],
        ["stats"],
        ["stats", "--json"],
        ["stories"],
        ["stories", "--json"],
        ["provenance"],
        ["provenance", "--json"],
        ["reference"],
        ["triage", "000"],
        ["triage", "--json", "--all"],
        ["align", "--json"],
        ["config"],
        ["config", "blind_review", "on"],
        ["export"],
        ["export", "--format", "jsonl"],
        ["export", "--format", "fever"],
        ["export", "--format", "claimreview"],
    ):
        run(*command)
    return said


def test_every_command_says_on_postgresql_what_it_says_on_sqlite(tmp_path, pg_url, fixed_clock):
    on_file = session(tmp_path / "team.db")
    on_server = session(pg_url)
    assert list(on_server) == list(on_file)
    for command, (code, output) in on_file.items():
        server_code, server_output = on_server[command]
        assert server_code == code == 0, f"{command}: {server_output}"
        if command.endswith(": status"):  # its title names the database: the table from its header on
            output, server_output = (o[o.index(" id ") :] for o in (output, server_output))
        assert server_output == output, command
    assert "contradicted" in on_server["ana: export"][1]  # the exports carried the verdicts


def test_the_history_keeps_every_change_with_its_id_on_postgresql(pg_url):
    assert cli(pg_url, "import", str(SEEDS)).exit_code == 0
    claim = claims_of(pg_url, "000")[0]
    for label in ("supported", "contradicted", "unsupported"):
        assert cli(pg_url, "mark", claim, label).exit_code == 0
    assert cli(pg_url, "unmark", claim).exit_code == 0
    db = store.open_db(pg_url)
    history = store.list_history(db, passage=claim)
    assert [(h.action, h.new_label) for h in history] == [
        ("set", "supported"),
        ("set", "contradicted"),
        ("set", "unsupported"),
        ("clear", None),
    ]
    ids = [row[0] for row in db.execute("SELECT change_id FROM verdict_history").fetchall()]
    assert len(set(ids)) == 4 and all(ids)


def test_a_bad_url_a_refused_connection_or_another_programs_database_is_one_clear_line(pg_url):
    import psycopg

    refused = cli("postgresql://ana:secret@127.0.0.1:9/workbench", "status")
    assert refused.exit_code == 1
    assert refused.output.count("\n") == 1
    assert "cannot connect to postgresql://ana:***@127.0.0.1:9" in refused.output
    assert "secret" not in refused.output and "Traceback" not in refused.output

    bad = cli("postgresql://ana@host:notaport/x", "status")
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert bad.output.count("\n") == 1

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total NUMERIC)")
    foreign = cli(pg_url, "import", str(SEEDS))
    assert foreign.exit_code == 1
    assert "holds another program's tables; nothing was changed" in foreign.output
    with psycopg.connect(pg_url, autocommit=True) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    assert {row[0] for row in rows} == {"invoices"}


def test_read_only_on_postgresql_reads_and_refuses_to_write(pg_url):
    assert cli(pg_url, "import", str(SEEDS)).exit_code == 0
    claim = claims_of(pg_url, "000")[0]
    looked = CliRunner().invoke(main, ["--db", pg_url, "--read-only", "show", "000"])
    assert looked.exit_code == 0 and claim in looked.output
    refused = CliRunner().invoke(main, ["--db", pg_url, "--read-only", "mark", claim, "supported"])
    assert refused.exit_code == 1 and "read-only" in refused.output
    db = store.open_db(pg_url)
    assert store.list_verdicts(db) == []


# A reviewer exporting all the while.
EXPORTER = textwrap.dedent(
    """
    import io, sys, time
    from workbench import store
    from workbench.export import export
    db = store.open_db(sys.argv[1])
    exports, deadline = 0, time.monotonic() + float(sys.argv[2])
    while time.monotonic() < deadline:
        export(db, "csv", io.StringIO())
        exports += 1
    print(f"EXPORTS {exports}", flush=True)
    """
)
# 8 s in the suite; WORKBENCH_PG_WRITE_SECONDS=60 for the full minute
WRITERS, HOSTS, SECONDS = 16, 4, float(os.environ.get("WORKBENCH_PG_WRITE_SECONDS", "8"))


def start(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_sixteen_writers_and_two_exporters_on_postgresql_lose_nothing(pg_url):
    assert cli(pg_url, "import", str(SEEDS)).exit_code == 0
    # four "hosts": each its own connection string (as laptops would have), four reviewers each
    urls = [f"{pg_url}&application_name=host{h}" for h in range(HOSTS)]
    writers = [
        start(WRITER, urls[n % HOSTS], f"reviewer{n}", str(n), "-1", str(SECONDS)) for n in range(WRITERS)
    ]
    exporters = [start(EXPORTER, urls[h], str(SECONDS)) for h in range(2)]
    outputs = [process.communicate(timeout=300) for process in writers]
    exported = [process.communicate(timeout=300) for process in exporters]
    for process, (_, errors) in zip(writers + exporters, outputs + exported, strict=True):
        assert process.returncode == 0, errors
    assert all(int(out.split()[1]) > 0 for out, _ in exported)

    db = store.open_db(pg_url)
    for n, (stdout, _) in enumerate(outputs):
        acks = acknowledged(stdout)
        assert acks, f"reviewer{n} saved nothing"
        latest = {passage: (label, step) for passage, label, step in acks}
        stored = dict(
            db.execute(
                "SELECT passage_id, label || ' ' || note FROM verdicts WHERE reviewer = ?", [f"reviewer{n}"]
            ).fetchall()
        )
        assert stored == {p: f"{label} write {step}" for p, (label, step) in latest.items()}
        history = db.execute(
            "SELECT count(*) FROM verdict_history WHERE reviewer = ?", [f"reviewer{n}"]
        ).fetchone()[0]
        assert history == len(acks)


def test_a_writer_killed_on_postgresql_loses_no_acknowledged_verdict(pg_url):
    assert cli(pg_url, "import", str(SEEDS)).exit_code == 0
    writer = start(WRITER, pg_url, "kim", "0", "-1")  # until it is killed
    acks = killed_after(writer, 100)
    assert writer.returncode == -signal.SIGKILL and len(acks) >= 100
    db = store.open_db(pg_url)
    stored = dict(db.execute("SELECT passage_id, note FROM verdicts WHERE reviewer = 'kim'").fetchall())
    for passage, step in {passage: step for passage, _, step in acks}.items():
        # the kill may land after a commit and before its ACK: then the stored write is newer
        assert int(stored[passage].split()[1]) >= step
    history = db.execute("SELECT count(*) FROM verdict_history WHERE reviewer = 'kim'").fetchone()[0]
    assert history >= len(acks)


def verdicts_and_history(target) -> tuple[list, list]:
    db = store.open_db(target)
    try:
        verdicts = sorted(
            (v.passage_id, v.reviewer, v.label, v.note, v.evidence, v.created_at, v.updated_at)
            for v in store.list_verdicts(db)
        )
        history = sorted(
            db.execute(
                "SELECT change_id, passage_id, reviewer, action, old_label, new_label, old_note, new_note, "
                "old_evidence, new_evidence, changed_at FROM verdict_history"
            ).fetchall()
        )
        return verdicts, history
    finally:
        db.close()


def test_merging_a_file_into_postgresql_and_back_round_trips_every_verdict_and_its_history(tmp_path, pg_url):
    laptop = tmp_path / "laptop.db"
    assert cli(laptop, "import", str(SEEDS)).exit_code == 0
    rewrite, original = claims_of(laptop, "000"), claims_of(laptop, "002")
    for args, reviewer in [
        (["mark", rewrite[0], "supported"], "ana"),
        (["mark", rewrite[0], "contradicted", "--note", "the date moved"], "ana"),
        (["mark", rewrite[1], "editorialized", "--evidence", original[3]], "ana"),
        (["mark", rewrite[1], "unsupported"], "ben"),
        (["unmark", rewrite[1]], "ben"),
    ]:
        assert cli(laptop, *args, reviewer=reviewer).exit_code == 0
    expected = verdicts_and_history(laptop)
    assert len(expected[1]) == 5

    assert cli(pg_url, "import", str(SEEDS)).exit_code == 0
    into_server = cli(pg_url, "merge", str(laptop))
    assert into_server.exit_code == 0, into_server.output
    assert verdicts_and_history(pg_url) == expected
    assert "0 verdicts added" in cli(pg_url, "merge", str(laptop)).output  # a second merge: nothing new

    back = tmp_path / "back.db"
    assert cli(back, "import", str(SEEDS)).exit_code == 0
    into_file = cli(back, "merge", pg_url)
    assert into_file.exit_code == 0, into_file.output
    assert "Merged postgresql://" in into_file.output
    assert verdicts_and_history(back) == expected


def test_the_app_on_postgresql_saves_each_key_and_shows_another_reviewers_verdict(pg_url):
    import asyncio

    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens.review import ReviewScreen

    from .test_app import Seen, until

    assert cli(pg_url, "import", str(SEEDS)).exit_code == 0

    async def main_():
        app = WorkbenchApp(pg_url, "ana")
        seen = Seen()
        async with app.run_test(size=(120, 40), message_hook=seen.append) as pilot:
            pilot.seen = seen
            await until(pilot, ReviewScreen.HintsReady)
            await until(pilot, ReviewScreen.OthersLoaded)  # what others wrote before is in: now a new write
            screen = app.screen
            first = screen.current_passage
            await pilot.press("s")
            db = store.open_db(pg_url)
            try:
                assert store.get_verdict(db, first.id, "ana").label == "supported"
                # another reviewer, elsewhere, writes on the claim the cursor is on now
                store.set_verdict(db, screen.current_passage.id, "ben", "contradicted", note="date is wrong")
            finally:
                db.close()
            seen.clear()
            await until(pilot, ReviewScreen.OthersChanged)
            await pilot.pause()  # drawn
            shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
            assert "Others: ben" in shown and "date is wrong" in shown

    asyncio.run(main_())


def test_only_another_connections_writes_move_data_version_on_postgresql(pg_url):
    assert cli(pg_url, "import", str(SEEDS)).exit_code == 0
    mine, theirs = store.open_db(pg_url), store.open_db(pg_url)
    claim = claims_of(pg_url, "000")[0]
    before = store.data_version(mine)
    store.set_verdict(mine, claim, "ana", "supported")
    assert store.data_version(mine) == before  # our own write: nothing to reload
    store.set_verdict(theirs, claim, "ben", "contradicted")
    assert store.data_version(mine) != before
    mine.close()
    theirs.close()


def test_a_postgresql_database_from_a_newer_workbench_is_refused_untouched(pg_url):
    import psycopg

    assert cli(pg_url, "import", str(SEEDS)).exit_code == 0
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO _workbench_migrations VALUES ('workbench', 'm999_future', 'later')")
        before = conn.execute("SELECT count(*) FROM verdicts").fetchone()[0]
    refused = cli(pg_url, "mark", claims_of_any(pg_url), "supported")
    assert refused.exit_code == 1
    assert "written by a newer version of workbench (it has migration m999_future)" in refused.output
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM verdicts").fetchone()[0] == before


def claims_of_any(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute("SELECT id FROM passages ORDER BY id LIMIT 1").fetchone()[0]
