"""Text panels around the panes: the pair header, the details of the current claim, the progress line."""

from __future__ import annotations

from textual.widgets import Static


class PairHeader(Static):
    """Names both articles with their dates."""

    def __init__(self) -> None:
        super().__init__(markup=False, id="pair-header")


class DetailsPanel(Static):
    """Verdict, note, counterparts, backing articles and other reviewers of the current claim."""

    def __init__(self) -> None:
        super().__init__(markup=False, id="details")


class ProgressLine(Static):
    """Claims reviewed and verdicts per label, and what was last saved."""

    def __init__(self) -> None:
        super().__init__(markup=False, id="progress")
