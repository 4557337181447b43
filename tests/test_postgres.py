"""PostgreSQL as the store: the same commands, the same answers and byte for byte the same exports
as on an SQLite file, against a real server the tests start (pgserver's bundled PostgreSQL)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from click.testing import CliRunner

from workbench import store
from workbench.cli import main

from .conftest import SEEDS

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
