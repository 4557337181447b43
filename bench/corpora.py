"""Benchmark corpora made from the seeds, deterministically: rewrites of seed articles, and verdicts.

A generated article takes one seed's claims and rewrites them the way rewrites do: it reorders
paragraphs, drops sentences, repeats some, perturbs others (words swapped, dropped or added, a
figure changed), and adds a title. The same count and seed always give the same files.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.models import LABELS  # noqa: E402
from workbench.text.sanitize import clean, decode  # noqa: E402
from workbench.text.segment import segment  # noqa: E402

SEEDS = ROOT / "seeds"
CORPORA = Path(__file__).resolve().parent / "corpora"
_FILLERS = ["reportedly", "notably", "significantly", "former", "senior", "major", "key", "recent"]


def seed_claims() -> list[list[str]]:
    """The claim sentences of each seed."""
    claims = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = clean(decode(path.read_bytes()))
        claims.append([text[s.start : s.end] for s in segment(text).segments if s.kind.is_claim])
    return claims


def perturb(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    if len(words) < 4:
        return sentence
    action = rng.randrange(4)
    if action == 0:  # swap two neighbouring words
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    elif action == 1:  # drop a word
        del words[rng.randrange(1, len(words) - 1)]
    elif action == 2:  # slip in a word
        words.insert(rng.randrange(1, len(words)), rng.choice(_FILLERS))
    else:  # change a figure, or a word's case
        numbers = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
        if numbers:
            i = rng.choice(numbers)
            words[i] = "".join(str((int(c) + 3) % 10) if c.isdigit() else c for c in words[i])
        else:
            i = rng.randrange(len(words))
            words[i] = words[i].upper()
    return " ".join(words)


def rewrite(claims: list[str], rng: random.Random, size: int | None = None) -> str:
    picked = [s for s in claims if rng.random() > 0.2]  # drop a fifth
    picked += [rng.choice(claims) for _ in range(len(claims) // 10)]  # repeat a tenth
    rng.shuffle(picked)
    if size is not None:
        while len(picked) < size:
            picked.append(rng.choice(claims))
        picked = picked[:size]
    picked = [perturb(s, rng) if rng.random() < 0.3 else s for s in picked]
    paragraphs, i = [], 0
    while i < len(picked):
        step = rng.randint(2, 5)
        paragraphs.append(" ".join(picked[i : i + step]))
        i += step
    title = " ".join(rng.choice(claims).split()[:8]).rstrip(".,;:")
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


def articles(count: int, seed: int = 1) -> list[str]:
    """`count` generated article texts."""
    rng = random.Random(seed)
    claims = seed_claims()
    return [rewrite(rng.choice(claims), rng) for _ in range(count)]


def write_corpus(count: int, seed: int = 1) -> Path:
    """The generated articles as files in bench/corpora/N (made once, reused after)."""
    folder = CORPORA / f"{count}-{seed}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in enumerate(articles(count, seed)):
        (folder / f"{number:05d}.txt").write_text(text, "utf-8")
    done.write_text("ok", "utf-8")
    return folder


def add_verdicts(db_path: Path, count: int, seed: int = 7) -> int:
    """Fill a workbench database (articles already imported) with `count` verdicts, half with evidence."""
    rng = random.Random(seed)
    conn = sqlite3.connect(db_path)
    claims = [row[0] for row in conn.execute("SELECT id FROM passages WHERE kind IN ('claim', 'caption')")]
    reviewers = [f"reviewer{n:02d}" for n in range(max(1, -(-count // len(claims))))]
    stamp = "2026-01-01T00:00:00.000Z"
    conn.executemany(
        "INSERT OR IGNORE INTO reviewers (name, created_at) VALUES (?, ?)", [(r, stamp) for r in reviewers]
    )
    rows, evidence = [], []
    for n in range(count):
        passage, reviewer = claims[n % len(claims)], reviewers[n // len(claims)]
        note = "=looks wrong" if n % 97 == 0 else ("" if n % 3 else f"note {n}")
        rows.append((passage, reviewer, rng.choice(LABELS), note, stamp, stamp, ""))
        if n % 2 == 0:
            evidence.append((passage, reviewer, rng.choice(claims), 0))
    conn.executemany(
        "INSERT INTO verdicts (passage_id, reviewer, label, note, created_at, updated_at, basis) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO verdict_evidence (passage_id, reviewer, evidence_id, position) "
        "VALUES (?, ?, ?, ?)",
        evidence,
    )
    conn.commit()
    conn.close()
    return count


def seeds_database(folder: Path) -> Path:
    """The seeds imported and aligned into a new database in `folder`."""
    from workbench import store
    from workbench.services.importing import import_paths
    from workbench.services.linking import refresh_links

    path = folder / "seeds.db"
    db = store.open_db(path)
    import_paths(db, [SEEDS])
    refresh_links(db)
    db.close()
    return path


_SYLLABLES = [
    "ka",
    "ro",
    "mi",
    "tes",
    "val",
    "dor",
    "lin",
    "su",
    "ber",
    "quo",
    "zan",
    "fel",
    "ish",
    "pra",
    "nok",
]


def _coined(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def story_claims(claims: list[str], rng: random.Random) -> list[str]:
    """A story of its own from a seed's claims: its names, figures and a third of its other long
    words replaced by coined words, so that stories made from one seed are told apart as real
    stories are, by who, where and how much, while sharing the common words of news."""
    swap: dict[str, str] = {}
    made = []
    for sentence in claims:
        words = []
        for word in sentence.split():
            core = word.strip(".,;:!?\"'()“”‘’")
            if not core:
                words.append(word)
                continue
            if core not in swap:
                if core[:1].isupper() or core[:1].isdigit():
                    swap[core] = (
                        str(rng.randint(2, 9999)) if core[:1].isdigit() else _coined(rng).capitalize()
                    )
                elif len(core) >= 6 and rng.random() < 0.33:
                    swap[core] = _coined(rng)
                else:
                    swap[core] = core
            words.append(word.replace(core, swap[core], 1))
        made.append(" ".join(words))
    return made


def crawl_articles(count: int, stories: int, seed: int = 1) -> list[tuple[int, str]]:
    """`count` generated articles in `stories` stories (as even as may be): (story, text)."""
    rng = random.Random(seed)
    seeds = seed_claims()
    told = [story_claims(rng.choice(seeds), rng) for _ in range(stories)]
    return [(n % stories, rewrite(told[n % stories], rng)) for n in range(count)]


def write_crawl(count: int, stories: int, seed: int = 1) -> Path:
    """The generated crawl as files in bench/corpora/crawl-N-S (made once, reused after)."""
    folder = CORPORA / f"crawl-{count}-{stories}-{seed}"
    done = folder / ".complete"
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    for number, (story, text) in enumerate(crawl_articles(count, stories, seed)):
        (folder / f"{number:05d}-story{story:04d}.txt").write_text(text, "utf-8")
    done.write_text("ok", "utf-8")
    return folder
