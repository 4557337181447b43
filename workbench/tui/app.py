"""The workbench app: opens the database, shows the review screen, switches articles, exports."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import partial
from pathlib import Path

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.notifications import SeverityLevel
from textual.screen import Screen

from workbench.models import WorkbenchError
from workbench.services import workspace
from workbench.services.review import ReviewSession, default_pair
from workbench.text.sanitize import visible
from workbench.tui.screens.review import ReviewScreen


class WorkbenchApp(App[None]):
    """Review claims of one article against another, one key per verdict, saved as you go."""

    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses may live elsewhere
    TITLE = "workbench"

    def __init__(
        self,
        db_path: Path | str,
        reviewer: str | None,
        left: str | None = None,
        right: str | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.db_path = db_path if workspace.is_server_url(db_path) else Path(db_path)
        self.reviewer = reviewer  # None: ask for it first (a browser session)
        self._start = (left, right)
        self.db = workspace.open_database(self.db_path, read_only=read_only)
        self._laid_out_for: Size | None = None

    def on_resize(self, event: events.Resize) -> None:
        """Let a resize through only when the size changed.

        The terminal driver reports the terminal's size once it has started, after the app has
        laid out its first screen at that size; Textual would lay the whole screen out again for
        it, once the screen is painted (a tenth of a second on a long article, under the first
        keys).
        """
        if event.size == self._laid_out_for:
            event.prevent_default()
        self._laid_out_for = event.size

    def on_mount(self) -> None:
        from workbench.services.keymap import user_keymap
        from workbench.tui.keys import REVIEW_KEYS

        keymap, problem = user_keymap({b.id: b.key for b in REVIEW_KEYS if b.id})
        if keymap:
            self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="warning", timeout=15)
        reason = workspace.read_only_reason(self.db)
        if reason:
            self.sub_title = "read-only"
            self.notify(
                f"Read-only: {reason}. You can look, but verdicts cannot be saved.",
                severity="warning",
                timeout=30,
                markup=False,
            )
        if self.reviewer is None:
            from workbench.tui.screens.dialogs import ReviewerPrompt

            self.push_screen(ReviewerPrompt(), self._named)
        else:
            self._open_first_pair()

    def _named(self, reviewer: str | None) -> None:
        if reviewer:
            self.reviewer = reviewer
            self._open_first_pair()

    def _first_pair(self) -> tuple[str, str] | None:
        left, right = self._start
        if left is None or right is None:
            pair = default_pair(self.db)
            if pair is None:
                return None
            left = left or pair[0].id
            right = right or pair[1].id
        return left, right

    def _open_first_pair(self) -> None:
        pair = self._first_pair()
        if pair is None:
            self.exit(message="Import at least two articles first: workbench import PATH")
            return
        self.open_pair(*pair)

    def open_pair(self, left: str, right: str) -> None:
        """Show `left` under review against `right` (article ids)."""
        if left == right:
            self.notify("Choose two different articles.", severity="warning")
            return
        assert self.reviewer is not None
        try:
            # Others' verdicts follow the first paint (the screen reads them in a worker).
            session = ReviewSession.open(self.db, self.reviewer, left, right, others=False)
        except WorkbenchError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        screen = ReviewScreen(session)
        if isinstance(self.screen, ReviewScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @property
    def review(self) -> ReviewScreen | None:
        screen = self.screen
        return screen if isinstance(screen, ReviewScreen) else None

    def pick_article(self, side: str) -> None:
        review = self.review
        if review is None:
            return
        session = review.session
        current = session.left.id if side == "left" else session.right.id
        title = "Review which article?" if side == "left" else "Compare with which article?"

        def chosen(article: str | None) -> None:
            if article is None:
                return
            if side == "left":
                left, right = article, session.right.id
            else:
                left, right = session.left.id, article
            if left == right:  # the article already on the other side: swap the two
                left, right = session.right.id, session.left.id
            self.open_pair(left, right)

        from workbench.tui.screens.dialogs import ArticlePicker

        self.push_screen(
            ArticlePicker(title, workspace.picker_groups(self.db, self.reviewer, current), current), chosen
        )

    def export_csv(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = Path.cwd() if isinstance(self.db_path, str) else self.db_path.parent
        self._export(folder / f"verdicts-{stamp}.csv")

    @work(thread=True, exclusive=True, group="export")
    def _export(self, target: Path) -> None:
        # sqlite connections belong to their thread: the export opens its own.
        from workbench.export import FORMATS, export
        from workbench.export.files import write_atomically

        try:
            db = workspace.open_database(self.db_path)
            try:
                with write_atomically(target, FORMATS["csv"].FILE_ENCODING) as handle:
                    count = export(db, "csv", handle).records
            finally:
                db.close()
        except (WorkbenchError, OSError, workspace.DatabaseError) as error:
            self.call_from_thread(self.notify, f"Export failed: {error}", severity="error", markup=False)
            return
        self.call_from_thread(
            self.notify, f"Exported {count} verdicts to {target.resolve()}", timeout=8, markup=False
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        # `screen` is the one the palette was opened over: while the palette shows, self.screen is
        # the palette itself, which is why ctrl+p used to list none of these.
        review = screen if isinstance(screen, ReviewScreen) else None
        if review is None:
            return
        # Every action of the review screen, from the same bindings as the footer and the help.
        from workbench.tui.keys import REVIEW_KEYS

        for binding in REVIEW_KEYS:
            if binding.action == "app.quit":
                continue
            keys = self._keymap.get(binding.id or "", binding.key) if binding.id else binding.key
            shown = " / ".join(self.get_key_display(Binding(key, "")) for key in keys.split(","))
            yield SystemCommand(
                f"{binding.description} ({shown})",
                binding.tooltip or binding.description,
                partial(review.run_action, binding.action),
            )
        for article in workspace.articles(self.db):
            name, title = visible(article.name, one_line=True), visible(article.title, one_line=True)
            if article.id != review.session.left.id:
                yield SystemCommand(
                    f"Compare with {name}", title,
                    lambda article=article: self.open_pair(review.session.left.id, article.id),
                )  # fmt: skip
            if article.id != review.session.right.id:
                yield SystemCommand(
                    f"Review {name}", title,
                    lambda article=article: self.open_pair(article.id, review.session.right.id),
                )  # fmt: skip

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is shown with control characters as visible marks, and never as markup:
        error messages carry file names, reviewer names and paths from other people's files."""
        super().notify(
            visible(str(message)), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    def on_unmount(self) -> None:
        self.db.close()
