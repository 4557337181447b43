"""The review session on a long article with a team: the poll after another reviewer's write, and a
verdict, each in CPU time beside a bare query doing the least the same job needs, in one process.

The article pair: a long article made from the seeds' claims (2,000 paragraphs' worth of them),
and a rewrite of it (bench/corpora.py), imported and aligned; 20 reviewers with a verdict on
every claim of the article under review.
- poll: another connection writes one verdict; the figure is what `ReviewSession.others_changed`
  costs to notice and read it (the screen then redraws those rows). Baseline: a bare
  `SELECT` of that claim's verdicts over sqlite3.
- verdict: `ReviewSession.mark` on a claim (write, history, evidence, staleness). Baseline: a bare
  sqlite3 INSERT OR REPLACE of one verdict row, committed.
- verdict on a claim with 10,000 links: the same, on a claim that 10,000 one-sentence versions
  repeat, each linked to it (a crawl where every version repeats a claim; about a minute to build).
Run on its own: python bench/review_poll.py
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from corpora import add_verdicts, rewrite, seed_claims
from timing import Figure

from workbench import store
from workbench.models import Document
from workbench.services.importing import import_document
from workbench.services.linking import refresh_links
from workbench.services.review import ReviewSession

SENTENCES = 2000
REVIEWERS = 20


def build(scratch: Path) -> tuple[Path, str, str]:
    rng = random.Random(3)
    claims = [c for article in seed_claims() for c in article]
    original = rewrite(claims, rng, size=SENTENCES)
    derived = rewrite([line for line in original.splitlines() if line.strip()][1:], rng, size=SENTENCES)
    path = scratch / "long.db"
    db = store.open_db(path)
    ids = []
    for name, text in (("original", original), ("rewrite", derived)):
        ids.append(import_document(db, Document(source_key=name, path=f"{name}.txt", text=text)).article_id)
    refresh_links(db)
    claim_count = len(store.list_passages(db, ids[1], claims_only=True))
    db.close()
    add_verdicts(path, claim_count * REVIEWERS)
    return path, ids[1], ids[0]


def cpu(run) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    run()
    return time.process_time() - start


def bare_insert(bare: sqlite3.Connection, passage: str, n: int) -> None:
    """The baseline of a verdict: one plain verdict row written and committed, nothing else."""
    bare.execute("BEGIN IMMEDIATE")
    bare.execute(
        "INSERT OR REPLACE INTO verdicts (passage_id, reviewer, label, note, created_at, "
        "updated_at, basis) VALUES (?, 'bare', ?, '', '', '', '')",
        [passage, ("supported", "contradicted")[n % 2]],
    )
    bare.execute("COMMIT")


def figures(repeats: int = 15) -> list[Figure]:
    with tempfile.TemporaryDirectory() as scratch_name:
        path, left, right = build(Path(scratch_name))
        db = store.open_db(path)
        session = ReviewSession.open(db, "me", left, right)
        other = store.open_db(path)
        bare = sqlite3.connect(path, isolation_level=None)
        claims = [p for p in session.passages if p.claim]
        polls, bare_polls, marks, bare_marks = [], [], [], []
        for n in range(repeats):
            claim = claims[(n * 37) % len(claims)]
            store.set_verdict(other, claim.id, "reviewer03", ("supported", "contradicted")[n % 2])
            polls.append(cpu(session.others_changed))
            bare_polls.append(
                cpu(
                    lambda c=claim: bare.execute(
                        "SELECT * FROM verdicts WHERE passage_id = ?", [c.id]
                    ).fetchall()
                )
            )
            target = claims[(n * 53 + 11) % len(claims)]
            marks.append(
                cpu(lambda t=target, k=n: session.mark(t.id, ("editorialized", "unsupported")[k % 2]))
            )

            bare_marks.append(cpu(lambda t=target, k=n: bare_insert(bare, t.id, k)))
            session.others_changed()  # the bare writer's row: not part of the next poll's figure
        links = db.execute("SELECT count(*) FROM links").fetchone()[0]
        verdicts = db.execute("SELECT count(*) FROM verdicts").fetchone()[0]
        for connection in (db, other):
            connection.close()
        bare.close()
    poll, bare_poll = statistics.median(polls), statistics.median(bare_polls)
    mark, bare_mark = statistics.median(marks), statistics.median(bare_marks)
    note = f"{len(claims):,} claims, {links:,} links, {verdicts:,} verdicts; medians of {repeats}"
    return [
        Figure(
            f"poll after another reviewer's write, {REVIEWERS} reviewers, a {len(claims):,}-claim article",
            f"{poll * 1000:.1f} ms",
            f"bare SELECT of the claim's verdicts {bare_poll * 1000:.2f} ms",
            f"{poll / max(bare_poll, 1e-6):.0f}×",
            "≤ 50 ms",
            poll <= 0.05,
            note,
        ),
        Figure(
            f"a verdict on a claim of the {len(claims):,}-claim article (session, no screen)",
            f"{mark * 1000:.1f} ms",
            f"bare INSERT, committed {bare_mark * 1000:.2f} ms",
            f"{mark / max(bare_mark, 1e-6):.1f}×",
            "report",
            None,
            note,
        ),
    ]


VERSIONS = 10_000  # one-sentence versions of the claim, each linked to it


def many_links_figure(repeats: int = 15) -> Figure:
    with tempfile.TemporaryDirectory() as scratch_name:
        path = Path(scratch_name) / "many.db"
        db = store.open_db(path)
        claim = "The council approved the new bridge over the river on Tuesday evening."
        texts = [("claim", claim)] + [
            (f"version{k}", f"Report {k}: the council approved the new bridge over the river on Tuesday.")
            for k in range(VERSIONS)
        ]
        ids = [
            import_document(db, Document(source_key=name, path=f"{name}.txt", text=text)).article_id
            for name, text in texts
        ]
        refresh_links(db)
        store.set_reference(db, ids[0])  # a big story links each version with its reference
        refresh_links(db)
        session = ReviewSession.open(db, "me", ids[0], ids[1])
        target = next(p for p in session.passages if p.claim)
        links = db.execute(
            "SELECT count(*) FROM links WHERE a = ? OR b = ?", [target.id, target.id]
        ).fetchone()[0]
        bare = sqlite3.connect(path, isolation_level=None)
        marks, bare_marks = [], []
        for n in range(repeats):
            marks.append(cpu(lambda k=n: session.mark(target.id, ("supported", "contradicted")[k % 2])))
            bare_marks.append(cpu(lambda k=n: bare_insert(bare, target.id, k)))
        basis = db.execute("SELECT max(length(basis)) FROM verdicts").fetchone()[0]
        db.close()
        bare.close()
    mark, bare_mark = statistics.median(marks), statistics.median(bare_marks)
    return Figure(
        f"a verdict on a claim with {links:,} links (session, no screen)",
        f"{mark * 1000:.1f} ms",
        f"bare INSERT, committed {bare_mark * 1000:.2f} ms",
        f"{mark / max(bare_mark, 1e-6):.1f}×",
        "report",
        None,
        f"{basis} characters of basis stored per verdict; medians of {repeats}",
    )


if __name__ == "__main__":
    for figure in [*figures(), many_links_figure()]:
        print(figure)
