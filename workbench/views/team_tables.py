"""The statistics as Rich tables, shared by `workbench stats` and the app's statistics screen."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from workbench.services.team import Stats
from workbench.vocabulary import LABELS, short


def _number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def stats_tables(stats: Stats, *, dispute_limit: int = 50) -> list[Table | Text]:
    reviewers = Table(title="Reviewers", expand=False)
    for column in ("reviewer", "role", "reviewed", *(short(label) for label in LABELS), "stale"):
        reviewers.add_column(column, justify="left" if column in ("reviewer", "role") else "right")
    for figures in stats.reviewers:
        reviewers.add_row(
            Text(figures.name), figures.role, str(figures.reviewed),
            *(str(figures.by_label.get(label, 0)) for label in LABELS), str(figures.stale),
        )  # fmt: skip
    if not stats.reviewers:
        return [Text("No verdicts yet.")]
    agreement = stats.agreement
    summary = Text()
    summary.append("Agreement ", style="bold")
    summary.append(
        f"over {agreement.units} claims with two or more verdicts: Krippendorff's alpha "
        f"{_number(agreement.alpha)}, observed agreement {_percent(agreement.observed)}."
    )
    pairs = Table(title="Reviewer pairs (Cohen's kappa)")
    for column in ("reviewers", "claims both reviewed", "agreement", "kappa"):
        pairs.add_column(column, justify="left" if column == "reviewers" else "right")
    for pair in agreement.pairs:
        pairs.add_row(
            Text(f"{pair.first} / {pair.second}"),
            str(pair.shared),
            _percent(pair.observed),
            _number(pair.kappa),
        )
    labels = Table(title="Label pairs on the same claim (how often one label met another)")
    present = [label for label in LABELS if label in agreement.by_label]
    labels.add_column("")
    for label in present:
        labels.add_column(short(label), justify="right")
    labels.add_column("specific agreement", justify="right")
    for label in present:
        labels.add_row(
            label,
            *(_number(agreement.coincidences.get((label, other)), 1) for other in present),
            _percent(agreement.by_label.get(label)),
        )
    disputed = Text()
    disputed.append(f"Disputed claims ({len(stats.disputes)})\n", style="bold")
    for line in stats.disputes[:dispute_limit]:
        disputed.append(f"{line.dispute.passage_id}  ", style="bold")
        disputed.append(f"{line.article}  ")
        disputed.append(", ".join(f"{who}: {label}" for who, label in sorted(line.dispute.labels.items())))
        if line.dispute.final:
            disputed.append(f"  → final: {line.dispute.final.label.value}", style="bold")
        disputed.append("\n  ")
        claim = line.claim if len(line.claim) <= 150 else line.claim[:149] + "…"
        disputed.append(claim + "\n", style="dim")
    if len(stats.disputes) > dispute_limit:
        disputed.append(
            f"… and {len(stats.disputes) - dispute_limit} more (workbench stats --json lists all)\n"
        )
    parts: list[Table | Text] = [reviewers, summary]
    if agreement.pairs:
        parts += [pairs, labels]
    parts.append(disputed if stats.disputes else Text("No disputed claims."))
    if stats.stale:
        parts.append(Text(f"{stats.stale} verdicts are stale: their claim, evidence or alignment changed."))
    return parts
