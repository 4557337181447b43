"""Alignment on a pool of processes and on a Dask cluster gives the links of this process."""

from __future__ import annotations

import pytest

from workbench import store
from workbench.services.importing import import_paths
from workbench.services.linking import refresh_links

from .test_big_stories import write_versions
from .test_stories import write_crawl

FULL = 10  # the 30-version story is aligned sparsely, in shares


def corpus(tmp_path):
    folder = write_crawl(tmp_path / "crawl", bridge=4, storm=5)
    write_versions(folder, 30)
    return folder


def links_of(db) -> list[tuple]:
    rows = db.execute(
        "SELECT a, b, a_article, b_article, round(score, 1) FROM links ORDER BY 1, 2"
    ).fetchall()
    return rows


def aligned(tmp_path, name: str, **where) -> tuple[list[tuple], object]:
    db = store.open_db(tmp_path / f"{name}.db")
    import_paths(db, [corpus(tmp_path)])
    report = refresh_links(db, full_story=FULL, **where)
    stories = {s.id: (s.articles, s.proposed) for s in store.list_stories(db)}
    return links_of(db), (report, stories)


def test_a_pool_of_processes_gives_the_same_links(tmp_path, monkeypatch):
    import workbench.services.linking as linking

    monkeypatch.setattr(linking, "SHARE", 7)  # the big story in several jobs, as a crawl's would be
    here, (report_here, stories_here) = aligned(tmp_path, "here", jobs=1)
    pooled, (report_pool, stories_pool) = aligned(tmp_path, "pool", jobs=2)
    assert report_here.ran_on == "this process" and report_pool.ran_on == "2 processes"
    assert report_here.sparse == 1 and len(stories_here) == 2  # the bridge versions are one story
    assert pooled == here
    assert stories_pool == stories_here  # and each story's proposed original


def test_a_dask_cluster_gives_the_same_links(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    import workbench.services.linking as linking

    monkeypatch.setattr(linking, "SHARE", 7)
    here, (_, stories_here) = aligned(tmp_path, "here", jobs=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote, (report, stories) = aligned(tmp_path, "dask", scheduler=cluster.scheduler_address)
        assert report.ran_on.startswith("the Dask cluster at tcp://") and "(2 workers)" in report.ran_on
    assert remote == here
    assert stories == stories_here


def test_a_scheduler_that_is_not_there_is_one_clear_error(tmp_path):
    pytest.importorskip("distributed")
    from workbench.models import WorkbenchError

    db = store.open_db(tmp_path / "x.db")
    import_paths(db, [corpus(tmp_path)])
    with pytest.raises(WorkbenchError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        refresh_links(db, scheduler="tcp://127.0.0.1:9")
    assert db.execute("SELECT count(*) FROM links").fetchone()[0] == 0


def test_the_command_line_aligns_on_a_pool_or_says_why_it_cannot_reach_a_cluster(tmp_path):
    pytest.importorskip("distributed")
    from click.testing import CliRunner

    from workbench.cli import main

    folder = corpus(tmp_path)
    pooled = CliRunner().invoke(main, ["--db", str(tmp_path / "a.db"), "import", str(folder), "--jobs", "2"])
    assert pooled.exit_code == 0, pooled.output
    assert "on 2 processes" in pooled.output
    lost = CliRunner().invoke(
        main, ["--db", str(tmp_path / "b.db"), "align"], env={"WORKBENCH_DASK_SCHEDULER": "tcp://127.0.0.1:9"}
    )
    assert lost.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in lost.output
    assert "Traceback" not in lost.output
