"""Alignment and triage on public, human-annotated data nobody here wrote, beside naive baselines.

Run from the repository root:
    python bench/quality.py [--data DIR] [--only bump,xsum,wice,mrpc,stories,segments,seeds] [--write]

The data are the development halves in DIR (default: ../shared/dev next to the checkout, or
$WORKBENCH_DEV_DATA); a set that is absent is skipped with a line saying so. Nothing of the data
is written into the repository. Every figure goes through the functions the command line uses:
articles are segmented and saved by the importer, aligned by the linker, triaged by the same
service as `workbench triage`, and the original is the one `workbench provenance` proposes
(or, where a figure says so, the source marked by hand as `workbench reference` would).

What each set gives:
- BUMP task 2: a CNN/DailyMail article, its human summary, and the same summary with one error a
  person inserted. One corpus per article: the article and its summaries.
- XSum hallucinations: a BBC article and five one-sentence summaries, hallucinated spans marked.
- WiCE: a Wikipedia claim and the page it cites; which page sentences support it.
- MRPC: news sentence pairs, paraphrase or not.
- Stories: the BUMP, XSum and WiCE texts, each set alone and all together; each source with its
  summaries (a WiCE page with the claim that cites it) is one story.
- Segments: the BUMP, XSum and WiCE source texts cut into passages, and how many are too long.
- The seeds: our own gold (tests/gold.py, tests/triage_gold.py).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench import store  # noqa: E402
from workbench.models import Document  # noqa: E402
from workbench.services.hints import article_triage  # noqa: E402
from workbench.services.importing import import_document  # noqa: E402
from workbench.services.linking import refresh_links  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "dev"
QUALITY = Path(__file__).resolve().parent / "QUALITY.md"
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as is are was were be been being has
    have had do does did it its this that these those he she they we you i his her their our your
    not no s said says will would can could may might also than then there here who whom which what
    when where why how all any some more most other such into over after before about up out so""".split()
)


def grouped(path: Path, key, limit: int | None = None) -> list[tuple[str, list[dict]]]:  # type: ignore[no-untyped-def]
    """The records of `path` by source article (`key` of a record), in order; at most `limit` groups."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for record in records(path):
        by_article[key(record)].append(record)
    return sorted(by_article.items())[:limit]


def records(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


# One corpus: a source and the texts derived from it, through the importer, linker and triage ----


@dataclass
class Corpus:
    db: store.Database
    ids: dict[str, str]  # our name -> article id
    proposed: str | None  # the article the linker proposed as the original

    def passages(self, name: str) -> list:
        return store.list_passages(self.db, self.ids[name], claims_only=True)

    def triage(self, name: str) -> dict:
        return article_triage(self.db, self.ids[name])


def build(scratch: Path, texts: dict[str, str], source: str | None) -> Corpus:
    """Import `texts` (name -> text) into a new database, align them, and mark `source` if given."""
    path = scratch / f"corpus-{len(list(scratch.iterdir()))}.db"
    db = store.open_db(path)
    ids = {}
    for name, text in texts.items():
        outcome = import_document(db, Document(source_key=name, path=f"{name}.txt", text=text, title=None))
        ids[name] = outcome.article_id
    refresh_links(db)
    proposed = store.reference(db)
    if source is not None:
        store.set_reference(db, ids[source])
    return Corpus(db, ids, proposed)


def overlaps(passage, span: tuple[int, int]) -> bool:
    return passage.start < span[1] and span[0] < passage.end


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} - STOPWORDS


def contradicted(hint) -> bool:  # type: ignore[no-untyped-def]
    return bool(hint and hint.suggested and hint.suggested.value == "contradicted")


def novel_words_flag(claim: str, source_words: set[str]) -> bool:
    """The naive baseline: a claim is flagged when it has a content word the source lacks."""
    return bool(content_words(claim) - source_words)


# BUMP -------------------------------------------------------------------------------------------


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += bool(hit)
        self.total += 1

    @property
    def share(self) -> float | None:
        return self.hits / self.total if self.total else None

    def __str__(self) -> str:
        return f"{self.share:.2f} ({self.hits}/{self.total})" if self.total else "–"


@dataclass
class BumpResult:
    caught: Tally = field(default_factory=Tally)  # error flagged in the edit and not in the twin
    caught_by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    faithful_flagged: Tally = field(default_factory=Tally)  # claims of the faithful summaries
    faithful_by_signal: Counter = field(default_factory=Counter)
    intrinsic_contradicted: Tally = field(default_factory=Tally)
    baseline_caught: Tally = field(default_factory=Tally)
    baseline_faithful: Tally = field(default_factory=Tally)
    original_right: Tally = field(default_factory=Tally)


def bump(path: Path, scratch: Path, limit: int | None = None) -> BumpResult:
    result = BumpResult()
    for _article, group in grouped(path, lambda record: record["meta"]["article_id"], limit):
        source = group[0]["source_text"]
        reference = next((r for r in group if r["label"] == "faithful"), None)
        texts = {"source": source}
        if reference is not None:
            texts["summary"] = reference["derived_text"]
        edits = [r for r in group if r["label"] == "unfaithful"]
        for k, edit in enumerate(edits):
            texts[f"edit{k}"] = edit["derived_text"]
        corpus = build(scratch, texts, "source")
        result.original_right.add(corpus.proposed == corpus.ids["source"])
        source_words = content_words(source)
        if reference is not None:
            triaged = corpus.triage("summary")
            for passage in corpus.passages("summary"):
                hint = triaged.get(passage.id)
                result.faithful_flagged.add(bool(hint and hint.flagged))
                for flag in hint.flags if hint else ():
                    result.faithful_by_signal[flag.kind] += 1
                result.baseline_faithful.add(novel_words_flag(passage.text, source_words))
        for k, edit in enumerate(edits):
            gold = edit["gold"][0] if edit["gold"] else None
            if gold is None or gold.get("derived_span") is None:
                continue
            kind = edit["meta"].get("error_type") or gold["type"]
            span = tuple(gold["derived_span"])
            triaged = corpus.triage(f"edit{k}")
            hit = [p for p in corpus.passages(f"edit{k}") if overlaps(p, span)]
            flagged = any(triaged.get(p.id) and triaged[p.id].flagged for p in hit)
            # the same place in the faithful twin: the passage there that holds the reference span
            twin_span = tuple(gold.get("reference_span") or span)
            twin_hit = [p for p in corpus.passages("summary") if overlaps(p, twin_span)] if reference else []
            twin_triage = corpus.triage("summary") if reference else {}
            twin = any(twin_triage.get(p.id) and twin_triage[p.id].flagged for p in twin_hit)
            caught = flagged and not twin
            result.caught.add(caught)
            result.caught_by_type[kind].add(caught)
            base_flag = any(novel_words_flag(p.text, source_words) for p in hit)
            base_twin = any(novel_words_flag(p.text, source_words) for p in twin_hit)
            result.baseline_caught.add(base_flag and not base_twin)
            if kind.startswith("Intrinsic"):
                suggested = {triaged[p.id].suggested for p in hit if p.id in triaged}
                result.intrinsic_contradicted.add(
                    any(s is not None and s.value == "contradicted" for s in suggested)
                )
        corpus.db.close()
    return result


def report_bump(result: BumpResult) -> list[str]:
    rows = [
        "| BUMP measure | workbench | naive baseline (novel content words) | target |",
        "|---|---|---|---|",
        f"| error flagged in the edited summary and not in its faithful twin | {result.caught} "
        f"| {result.baseline_caught} | ≥ 0.60 |",
        f"| faithful summary claims flagged | {result.faithful_flagged} "
        f"| {result.baseline_faithful} | ≤ 0.15 |",
        f"| intrinsic errors suggested *contradicted* | {result.intrinsic_contradicted} | – | ≥ 0.50 |",
        f"| proposed original is the source article | {result.original_right} | – | ≥ 0.95 |",
        "",
        "| BUMP error type | caught (flagged, twin not) |",
        "|---|---|",
        *(f"| {kind} | {tally} |" for kind, tally in sorted(result.caught_by_type.items())),
        "",
        "Flags on faithful claims by signal: "
        + (", ".join(f"{kind} {count}" for kind, count in result.faithful_by_signal.most_common()) or "none"),
    ]
    return rows


# XSum -------------------------------------------------------------------------------------------


@dataclass
class XsumResult:
    hallucinated_flagged: Tally = field(default_factory=Tally)
    faithful_flagged: Tally = field(default_factory=Tally)
    intrinsic_contradicted: Tally = field(default_factory=Tally)
    baseline_hallucinated: Tally = field(default_factory=Tally)
    baseline_faithful: Tally = field(default_factory=Tally)
    original_right: Tally = field(default_factory=Tally)


def xsum(path: Path, scratch: Path, limit: int | None = None) -> XsumResult:
    from rapidfuzz import fuzz

    result = XsumResult()
    for _, group in grouped(path, lambda record: record["meta"]["bbcid"], limit):
        source = group[0]["source_text"]
        texts = {"source": source, **{f"summary{k}": r["derived_text"] for k, r in enumerate(group)}}
        corpus = build(scratch, texts, "source")
        result.original_right.add(corpus.proposed == corpus.ids["source"])
        source_sentences = [p.text for p in corpus.passages("source")]
        for k, record in enumerate(group):
            name = f"summary{k}"
            triaged = corpus.triage(name)
            flagged = any(t.flagged for t in triaged.values())
            best = max((fuzz.token_set_ratio(record["derived_text"], s) for s in source_sentences), default=0)
            base = best < 60
            if record["label"] == "hallucinated":
                result.hallucinated_flagged.add(flagged)
                result.baseline_hallucinated.add(base)
            else:
                result.faithful_flagged.add(flagged)
                result.baseline_faithful.add(base)
            intrinsic = [tuple(g["derived_span"]) for g in record["gold"] if g["type"] == "intrinsic"]
            if intrinsic and record["label"] == "hallucinated":
                passages = [p for p in corpus.passages(name) if any(overlaps(p, s) for s in intrinsic)]
                result.intrinsic_contradicted.add(
                    any(
                        triaged.get(p.id)
                        and triaged[p.id].suggested
                        and triaged[p.id].suggested.value == "contradicted"
                        for p in passages
                    )
                )
        corpus.db.close()
    return result


def report_xsum(result: XsumResult) -> list[str]:
    return [
        "| XSum measure | workbench | naive baseline (best token_set_ratio < 60) | target |",
        "|---|---|---|---|",
        f"| hallucinated summaries flagged | {result.hallucinated_flagged} "
        f"| {result.baseline_hallucinated} | ≥ 0.85 |",
        f"| faithful summaries flagged | {result.faithful_flagged} | {result.baseline_faithful} | ≤ 0.30 |",
        f"| summaries with an intrinsic hallucination suggested *contradicted* there "
        f"| {result.intrinsic_contradicted} | – | – |",
        f"| proposed original is the source article | {result.original_right} | – | ≥ 0.95 |",
    ]


# WiCE -------------------------------------------------------------------------------------------


@dataclass
class WiceResult:
    found: Tally = field(default_factory=Tally)  # gold supporting sentences that a link reaches
    precise: Tally = field(default_factory=Tally)  # linked page passages that are gold
    baseline_found: Tally = field(default_factory=Tally)
    baseline_precise: Tally = field(default_factory=Tally)


def wice(path: Path, scratch: Path, limit: int | None = None) -> WiceResult:
    from rapidfuzz import fuzz

    result = WiceResult()
    for n, record in enumerate(records(path)):
        if limit is not None and n >= limit:
            break
        gold = [
            tuple(g["source_span"]) for g in record["gold"] if g["type"] == "supporting" and g["source_span"]
        ]
        corpus = build(scratch, {"page": record["source_text"], "claim": record["derived_text"]}, "page")
        page = {p.id: p for p in corpus.passages("page")}
        linked = {
            other
            for _claim, other, _article, _score in store.claim_links(corpus.db, corpus.ids["claim"])
            if other in page
        }
        for span in gold:
            result.found.add(any(overlaps(page[p], span) for p in linked))
        for p in linked:
            result.precise.add(any(overlaps(page[p], span) for span in gold))
        # baseline: page sentences whose token_set_ratio with the claim is 60 or more
        lines = record["meta"]["source_sentence_spans"]
        text = record["source_text"]
        picked = [(s, e) for s, e in lines if fuzz.token_set_ratio(record["derived_text"], text[s:e]) >= 60]
        for span in gold:
            result.baseline_found.add(any(s < span[1] and span[0] < e for s, e in picked))
        for s, e in picked:
            result.baseline_precise.add(any(s < g[1] and g[0] < e for g in gold))
        corpus.db.close()
    return result


def report_wice(result: WiceResult) -> list[str]:
    return [
        "| WiCE measure | workbench | naive baseline (token_set_ratio ≥ 60) | target |",
        "|---|---|---|---|",
        f"| gold supporting sentences found | {result.found} | {result.baseline_found} | ≥ 0.40 |",
        f"| precision of links | {result.precise} | {result.baseline_precise} | ≥ 0.75 |",
    ]


# MRPC -------------------------------------------------------------------------------------------


def auc(scores: list[float], labels: list[int]) -> float:
    """ROC AUC by ranks (ties share their rank)."""
    order = sorted(range(len(scores)), key=lambda k: scores[k])
    ranks = [0.0] * len(scores)
    k = 0
    while k < len(order):
        j = k
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[k]]:
            j += 1
        for m in range(k, j + 1):
            ranks[order[m]] = (k + j) / 2 + 1
        k = j + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    rank_sum = sum(r for r, label in zip(ranks, labels, strict=True) if label)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def mrpc(path: Path) -> list[str]:
    from rapidfuzz import fuzz

    from workbench.align import get_aligner

    aligner = get_aligner()
    rows = list(records(path))
    labels = [int(r["label"]) for r in rows]
    ours = auc([aligner.similarity(r["a"], r["b"]) for r in rows], labels)
    sort_ratio = auc([fuzz.token_sort_ratio(r["a"], r["b"]) for r in rows], labels)
    set_ratio = auc([fuzz.token_set_ratio(r["a"], r["b"]) for r in rows], labels)
    return [
        "| MRPC measure | workbench | token_sort_ratio | token_set_ratio | target |",
        "|---|---|---|---|---|",
        f"| ROC AUC of the passage similarity for paraphrase ({len(rows)} pairs) "
        f"| {ours:.3f} | {sort_ratio:.3f} | {set_ratio:.3f} | ≥ 0.80 |",
    ]


# Stories ----------------------------------------------------------------------------------------


def pair_agreement(found: list[object], gold: list[str]) -> tuple[float, float]:
    """Pairs put in one story that are one story in the gold (precision), and the other way."""
    from itertools import combinations

    right = together = should = 0
    for i, j in combinations(range(len(gold)), 2):
        same, true = found[i] == found[j], gold[i] == gold[j]
        right += same and true
        together += same
        should += true
    return right / max(together, 1), right / max(should, 1)


def stories(data: Path) -> list[str]:
    """BUMP, XSum, WiCE and all mixed, a source with its summaries (or claim) one story: found?"""
    from workbench.align.stories import term_counts, vectors
    from workbench.text.segment import segment

    sets: dict[str, list[tuple[str, str, bool]]] = {}  # set -> (story, text, is the source)
    for label, name, key in (
        ("BUMP", "bump_task2.jsonl", "article_id"),
        ("XSum", "xsum_hallucination_dev.jsonl", "bbcid"),
    ):
        if not (data / name).exists():
            continue
        by_story: dict[str, list[dict]] = defaultdict(list)
        for record in records(data / name):
            by_story[f"{name}:{record['meta'][key]}"].append(record)
        docs = sets[label] = []
        for story, group in sorted(by_story.items()):
            texts = dict.fromkeys([group[0]["source_text"], *(r["derived_text"] for r in group)])
            docs += [(story, text, n == 0) for n, text in enumerate(texts)]
    if (data / "wice_dev.jsonl").exists():  # a cited web page and the Wikipedia claim citing it
        sets["WiCE"] = [
            doc
            for record in records(data / "wice_dev.jsonl")
            for doc in (
                (record["id"], record["source_text"], True),
                (record["id"], record["derived_text"], False),
            )
        ]
    if not sets:
        return ["stories: skipped, none of BUMP, XSum and WiCE is present"]
    if len(sets) > 1:
        sets["all mixed"] = [doc for docs in list(sets.values()) for doc in docs]
    lines = [
        "| stories: pairs of texts put in one story | texts, stories | workbench: precision / recall "
        "| naive baseline (Jaccard ≥ 0.2, all pairs joined) | bound: told the sources, each summary "
        "to its closest | summaries closer to another story's source | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, docs in sets.items():
        passages = [
            [t[s.start : s.end] for s in segment(t).segments if s.kind.tells_story] for _, t, _ in docs
        ]
        vecs = vectors([term_counts(p) for p in passages])
        ours, naive, bound, strays = story_figures(docs, vecs)
        summaries = sum(not source for *_, source in docs)
        lines.append(
            f"| {label} | {len(docs)}, {len({story for story, *_ in docs})} | {ours[0]:.2f} / {ours[1]:.2f} "
            f"| {naive[0]:.2f} / {naive[1]:.2f} | {bound[0]:.2f} / {bound[1]:.2f} "
            f"| {strays} of {summaries} | ≥ 0.98 / ≥ 0.98 |"
        )
    lines += [
        "",
        "The bound joins each summary to the source its words are closest to (cosine, which ranked "
        "sources for a summary best of what we tried), told which texts are sources: a summary "
        "closer to another story's source (most are invented ones) is beyond grouping by words.",
        "",
        "The BUMP stories joined wrongly are pairs of CNN/DM articles on one event (the rescue of a "
        "lost boy, one fight, one trial, one club), which a checker would want side by side.",
    ]
    return lines


# Segmentation -----------------------------------------------------------------------------------

LONG_PASSAGE = 400  # characters: longer than any sentence of news prose, bar a few


def segments(data: Path) -> list[str]:
    """The source texts of BUMP, XSum and WiCE cut into passages: how many run past LONG_PASSAGE
    characters, ours beside a naive split at a full stop and a space."""
    from workbench.text.segment import segment

    lines = [
        f"| segmentation of the source texts | texts | passages | median length | over {LONG_PASSAGE} "
        f"characters | naive split at '. ': over {LONG_PASSAGE} | longest |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, name in (("BUMP", "bump_task2.jsonl"), ("XSum", "xsum_hallucination_dev.jsonl"),
                        ("WiCE", "wice_dev.jsonl")):  # fmt: skip
        path = data / name
        if not path.exists():
            continue
        texts = list(dict.fromkeys(record["source_text"] for record in records(path)))
        ours = sorted(s.end - s.start for t in texts for s in segment(t).segments)
        naive = [
            len(part) for t in texts for line in t.splitlines() for part in re.split(r"(?<=[.!?])\s+", line)
        ]
        lines.append(
            f"| {label} | {len(texts)} | {len(ours)} | {ours[len(ours) // 2]} "
            f"| {sum(n > LONG_PASSAGE for n in ours)} | {sum(n > LONG_PASSAGE for n in naive)} | {ours[-1]} |"
        )
    lines += [
        "",
        "What is left over the length is long sentences (a 440-character WiCE sentence with two dashes) "
        "and scraped lists with no boundary at all (`debts22 May`, names glued to the next), cut at "
        "the nearest space under 1,000 characters. The naive split has as few only because it also "
        "cuts after every abbreviation (`Co. (Australia) Ltd`, `three D.C. schoolchildren`).",
    ]
    return lines


def story_figures(
    docs: list[tuple[str, str, bool]], vecs: list[dict[str, float]]
) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float], int]:
    """Ours, the naive baseline's, the bound's (precision, recall), and the summaries astray."""
    from workbench.align.stories import assign

    gold = [story for story, *_ in docs]
    found = assign(vecs, {})
    ours = pair_agreement([found[k] for k in range(len(docs))], gold)
    sources = [k for k, (*_, source) in enumerate(docs) if source]
    source_set = set(sources)

    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        return sum(weight * b.get(term, 0.0) for term, weight in a.items())

    def closest_source(k: int) -> int:
        return k if k in source_set else max(sources, key=lambda s: cosine(vecs[k], vecs[s]))

    told = [closest_source(k) for k in range(len(docs))]
    bound = pair_agreement(told, gold)
    strays = sum(gold[told[k]] != gold[k] for k in range(len(docs)))
    words = [content_words(text) for _, text, _ in docs]
    parent = list(range(len(docs)))

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            shared = len(words[i] & words[j])
            if shared and shared / len(words[i] | words[j]) >= 0.2:
                parent[max(root(i), root(j))] = min(root(i), root(j))
    naive = pair_agreement([root(k) for k in range(len(docs))], gold)
    return ours, naive, bound, strays


# Our own gold -----------------------------------------------------------------------------------


def seeds(scratch: Path) -> list[str]:
    from tests.gold import BASELINE_CUTS, baseline, evaluate
    from tests.triage_gold import evaluate as triage_evaluate
    from workbench.align.lexical import align
    from workbench.services.importing import import_paths

    scores = evaluate(lambda a, b: {(m.a, m.b) for m in align(a, b)})
    naive = max((evaluate(baseline(cut)) for cut in BASELINE_CUTS), key=lambda s: s.f1)
    db = store.open_db(scratch / "seeds.db")
    import_paths(db, [ROOT / "seeds"])
    refresh_links(db)
    run = triage_evaluate(db)
    db.close()
    rows = [
        "| seeds (our gold) | workbench | naive baseline (best token_set_ratio cut) | target |",
        "|---|---|---|---|",
        f"| alignment F1 | {scores.f1:.2f} (P {scores.precision:.2f}, R {scores.recall:.2f}) "
        f"| {naive.f1:.2f} (P {naive.precision:.2f}, R {naive.recall:.2f}) | ≥ 0.93 |",
    ]
    for score in run.scores.values():
        if score.expected or score.found:
            p = f"{score.precision:.2f}" if score.precision is not None else "–"
            r = f"{score.recall:.2f}" if score.recall is not None else "–"
            rows.append(
                f"| triage `{score.kind}`: precision / recall | {p} / {r} | – | no worse than before |"
            )
    unflagged = run.claims - run.flagged_expected
    rows.append(
        f"| claims the gold leaves alone that are flagged | {run.flagged_found - run.flagged_both} "
        f"of {unflagged} | – | – |"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("WORKBENCH_DEV_DATA", DEFAULT_DATA)))
    parser.add_argument("--only", default="bump,xsum,wice,mrpc,stories,segments,seeds")
    parser.add_argument("--limit", type=int, default=None, help="at most this many corpora per set")
    parser.add_argument("--write", action="store_true", help=f"also write the tables to {QUALITY.name}")
    args = parser.parse_args()
    chosen = set(args.only.split(","))
    if args.write and (args.limit or chosen != set(parser.get_default("only").split(","))):
        parser.error(f"--write rewrites all of {QUALITY.name}: run every set, without --limit")
    files = {
        "bump": "bump_task2.jsonl",
        "xsum": "xsum_hallucination_dev.jsonl",
        "wice": "wice_dev.jsonl",
        "mrpc": "mrpc_train.jsonl",
    }
    report: list[str] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for name in ("bump", "xsum", "wice", "mrpc", "stories", "segments", "seeds"):
            if name not in chosen:
                continue
            if name == "seeds":
                lines = seeds(scratch)
            elif name == "stories":
                lines = stories(args.data)
            elif name == "segments":
                lines = segments(args.data)
            else:
                path = args.data / files[name]
                if not path.exists():
                    print(f"{name}: skipped, {path} is absent\n")
                    continue
                if name == "bump":
                    lines = report_bump(bump(path, scratch, args.limit))
                elif name == "xsum":
                    lines = report_xsum(xsum(path, scratch, args.limit))
                elif name == "wice":
                    lines = report_wice(wice(path, scratch, args.limit))
                else:
                    lines = mrpc(path)
            print("\n".join(lines) + "\n", flush=True)
            report += [*lines, ""]
    if args.write and report:
        header = [
            "# Quality on data nobody here wrote",
            "",
            f"Measured {date.today().isoformat()} with `python bench/quality.py` on the development halves "
            "(see the docstring of bench/quality.py for what each figure is).",
            "",
        ]
        QUALITY.write_text("\n".join(header + report), "utf-8")


if __name__ == "__main__":
    main()
