"""A crawl: thousands of articles in many stories, through import, grouping, alignment and triage.

Run from the repository root:
    python bench/crawl.py [--articles 10000] [--stories 1000] [--all-pairs] [--compare] [--keep DB]

The crawl is generated (bench/corpora.py, write_crawl): each story is a seed's claims with its
names, figures and a third of its long words coined anew, and each article a rewrite of one story.
Figures are CPU time of this process (the machine is shared), the database's size, the links per
claim, peak memory (ru_maxrss), and how well the stories found match the stories generated
(pairs of articles put in one story: precision and recall). With `--jobs N` the aligning
processes' CPU is not counted: take CPU figures with one job (the default), and the wall time of
grouping and aligning with `--jobs 2` for what the pool saves. `--all-pairs` is the baseline: every
article in one story, so every pair is aligned, as before stories. `--compare` runs the crawl
twice in this process, as is (a story of more than align.partners.FULL_STORY articles aligned
sparsely) and with every pair of each story aligned, and says what share of the claims the second
links to some version the first links too.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpora import write_crawl  # noqa: E402

from workbench import store  # noqa: E402
from workbench.services.hints import corpus_triage  # noqa: E402
from workbench.services.importing import import_paths  # noqa: E402
from workbench.services.linking import refresh_links  # noqa: E402


def cpu() -> float:
    """CPU seconds of this process (a pool's workers are the forkserver's children, not counted)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def linked(db: store.Database) -> set[str]:
    """Ids of the claims linked to some other version."""
    rows = db.execute("SELECT a FROM links UNION SELECT b FROM links").fetchall()
    return {row[0] for row in rows}


def run(
    articles: int,
    stories: int,
    all_pairs: bool,
    keep: Path | None,
    full_story: int | None = None,
    jobs: int | None = 1,
) -> tuple[dict[str, float | str], set[str]]:
    from workbench.align.partners import FULL_STORY

    folder = write_crawl(articles, stories)
    with tempfile.TemporaryDirectory() as scratch:
        path = keep or Path(scratch) / "crawl.db"
        db = store.open_db(path)
        figures: dict[str, float | str] = {"articles": articles, "stories generated": stories}
        start = cpu()
        import_paths(db, [folder])
        figures["import CPU s"] = cpu() - start
        if all_pairs:  # the baseline: one story holds every article, so every pair is aligned
            from workbench.services.stories import group_stories

            group_stories(db)
            one = store.list_stories(db)[0].id
            placed = store.story_map(db)
            for article in [a for a, story in placed.items() if story != one]:
                store.move_article(db, article, one)
        start = cpu()
        wall = time.perf_counter()
        report = refresh_links(db, full_story=full_story or (10**9 if all_pairs else FULL_STORY), jobs=jobs)
        figures["group + align CPU s"] = cpu() - start
        figures["group + align wall s"] = time.perf_counter() - wall
        figures["aligned on"] = report.ran_on
        start = cpu()
        flagged = claims = 0
        for _, result in corpus_triage(db):
            claims += 1
            flagged += result.flagged
        figures["triage CPU s"] = cpu() - start
        figures["total CPU s"] = sum(v for k, v in figures.items() if k.endswith("CPU s"))  # type: ignore[misc]
        figures["pairs aligned"] = report.pairs
        links = db.execute("SELECT count(*) FROM links").fetchone()[0]
        all_claims = db.execute(
            "SELECT count(*) FROM passages WHERE kind IN ('claim', 'caption') AND retired_at IS NULL"
        ).fetchone()[0]
        figures["links"] = links
        figures["links per claim"] = links / max(all_claims, 1)
        figures["claims triaged"] = claims
        figures["stories found"] = len(store.list_stories(db))
        figures["stories aligned sparsely"] = report.sparse
        found = linked(db)
        precision, recall = story_agreement(db)
        figures["story pairs precision"] = precision
        figures["story pairs recall"] = recall
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        figures["database MB"] = path.stat().st_size / 1e6
        figures["peak memory MB"] = peak_mb()
    return figures, found


def story_agreement(db: store.Database) -> tuple[float, float]:
    """Pairs of articles in one found story that were generated in one story, and the other way."""
    generated = {a.id: a.name.rsplit("story", 1)[-1] for a in store.list_articles(db)}
    found = store.story_map(db)
    by_found: dict[str, list[str]] = {}
    for article, story in found.items():
        by_found.setdefault(story, []).append(article)
    together = sum(len(m) * (len(m) - 1) // 2 for m in by_found.values())
    right = sum(
        1
        for members in by_found.values()
        for a, b in itertools.combinations(members, 2)
        if generated[a] == generated[b]
    )
    sizes = Counter(generated.values())
    should = sum(n * (n - 1) // 2 for n in sizes.values())
    return right / max(together, 1), right / max(should, 1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--stories", type=int, default=1_000)
    parser.add_argument("--all-pairs", action="store_true", help="the baseline: align every pair")
    parser.add_argument(
        "--compare", action="store_true", help="also align every pair of each story, and compare"
    )
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    parser.add_argument("--jobs", type=int, default=1, help="processes that align (default 1)")
    args = parser.parse_args()
    figures, found = run(args.articles, args.stories, args.all_pairs, args.keep, jobs=args.jobs)
    show(figures)
    if args.compare:
        print("\nthe same, every pair of each story aligned:")
        full, every = run(args.articles, args.stories, False, None, full_story=10**9, jobs=args.jobs)
        show(full)
        kept = len(found & every) / max(len(every), 1)
        print(f"\n{'claims linked by all pairs':>34}  {len(every):,}")
        print(f"{'of them linked here too':>34}  {kept:.4f}")
        print(f"{'CPU, all pairs / here':>34}  {full['total CPU s'] / figures['total CPU s']:.1f}x")  # type: ignore[operator]
        print(f"{'links, all pairs / here':>34}  {full['links'] / figures['links']:.1f}x")  # type: ignore[operator]


def show(figures: dict[str, float | str]) -> None:
    for name, value in figures.items():
        shown = (
            f"{value:,.2f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else value
        )
        print(f"{name:>24}  {shown}")


if __name__ == "__main__":
    main()
