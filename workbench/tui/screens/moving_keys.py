"""The review screen's keys that move: up and down, to the next claim without a verdict or with a
hint, between a claim's counterparts, and search. A mixin of ReviewScreen (its session and
cursor); the search box's messages are handled on the screen, which calls _jump_to_match.
"""

from __future__ import annotations

from textual.widgets import Input

from workbench.tui.widgets.panes import ArticlePane


class MovingKeys:
    """Methods of ReviewScreen; `self` is the screen."""

    def action_next_unreviewed(self) -> None:
        self._go_unreviewed(1)

    def action_previous_unreviewed(self) -> None:
        self._go_unreviewed(-1)

    def _go_unreviewed(self, direction: int) -> None:
        start = self.current if self.current is not None else -1
        found = self.session.next_unreviewed(start, direction, allowed=self.claims.shown)
        if found is None:
            self.notify("Every claim shown has your verdict.")
        else:
            self.go_to(found)

    def action_next_flagged(self) -> None:
        if not self.session.triage_loaded:
            self.session.load_triage()
        start = self.current if self.current is not None else -1
        found = self.session.next_flagged(start, allowed=self.claims.shown)
        if found is None:
            reference = self.session.reference()
            why = "this is the reference article" if reference == self.session.left.id else "no hints"
            self.notify(f"No flagged claims here ({why}).")
        else:
            self.go_to(found)

    def action_cursor(self, step: int) -> None:
        target = self.query_one(ArticlePane) if self.evidence_mode else self.claims
        if step > 0:
            target.action_cursor_down()
        else:
            target.action_cursor_up()
        if not self.evidence_mode:
            self._follow_highlight()

    def action_counterpart(self, step: int) -> None:
        passage = self.current_passage
        if passage is None:
            return
        count = len(self.session.counterparts(passage.id))
        if count < 2:
            self.notify("This claim has no other counterpart here.")
            return
        self.focus_counterpart = (self.focus_counterpart + step) % count
        self._show_counterparts()
        self.refresh_details()

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        self._search_from = self.current if self.current is not None else 0
        search.add_class("-visible")
        search.focus()

    def _jump_to_match(self, query: str, after: int) -> None:
        if not query.strip():
            return
        found = self.session.search(query, after, allowed=self.claims.shown)
        if found is None:
            self.status = f"no match for “{query}”"
        else:
            self.go_to(found)
            self.status = f"{self.session.matches(query)} passages match “{query}”"
        self.refresh_progress()

    def key_escape(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_class("-visible"):
            search.remove_class("-visible")
            self.claims.focus()
        elif self.evidence_mode:
            self.action_evidence()
