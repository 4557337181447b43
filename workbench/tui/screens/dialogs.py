"""Modal dialogs: picking an article, editing a note, the help screen."""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from workbench.models import ArticleSummary, FinalVerdict, InvalidReviewer, check_reviewer_name
from workbench.services.provenance import MAX_ARTICLES as MAX_PROVENANCE_ARTICLES
from workbench.services.provenance import Provenance
from workbench.services.workspace import Database, PickerGroup
from workbench.text.sanitize import visible
from workbench.tui.render import label_text
from workbench.views.safe import Visible
from workbench.vocabulary import Label as VerdictLabel


class ArticlePicker(ModalScreen[str | None]):
    """Choose an article; dismisses with its id, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, groups: list[PickerGroup], current: str) -> None:
        super().__init__()
        self._heading = title
        self._groups = groups
        self._summaries = [summary for group in groups for summary in group.summaries]
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._heading), classes="dialog-title")
            options: list[Option] = []
            for group in self._groups:
                if group.heading is not None:  # a story's heading: shown, never picked
                    heading = Text(visible(group.heading, one_line=True), style="bold reverse")
                    options.append(Option(heading, disabled=True))
                options += [self._option(summary) for summary in group.summaries]
            yield OptionList(*options, markup=False, id="picker")

    @staticmethod
    def _option(summary: ArticleSummary) -> Option:
        article = summary.article
        prompt = Text()
        prompt.append(visible(article.name, one_line=True), style="bold")
        prompt.append(f"  {visible(article.published or 'no date', one_line=True)}", style="dim")
        prompt.append(f"  {summary.reviewed}/{summary.claims} claims reviewed by you\n", style="dim")
        prompt.append(visible(article.title, one_line=True))
        return Option(prompt, id=article.id)

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        if self._current in {s.article.id for s in self._summaries}:
            picker.highlighted = picker.get_option_index(self._current)
        picker.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteEditor(ModalScreen[str | None]):
    """Edit the note of a verdict; ctrl+s saves, escape cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "Save note"), Binding("escape", "cancel", "Cancel")]

    def __init__(self, claim: str, note: str) -> None:
        super().__init__()
        self._claim = claim
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text("Note on: ", style="bold") + Text(visible(self._claim[:200])), classes="dialog-title"
            )
            yield TextArea(visible(self._note), id="note", soft_wrap=True, show_line_numbers=False)
            yield Label(Text("ctrl+s save · escape cancel", style="dim"))

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpScreen(ModalScreen[None]):
    """Every key binding of the review screen, and what the marks and colours mean."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, bindings: list[tuple[str, str]], legend: Text) -> None:
        super().__init__()
        self._keys = bindings
        self._legend = legend

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, description in self._keys:
            table.add_row(Text(keys), Text(description))
        with VerticalScroll(classes="dialog", id="help"):
            yield Label(Text("Keys", style="bold"), classes="dialog-title")
            yield Static(table)
            yield Label(Text("Marks", style="bold"), classes="dialog-title")
            yield Static(self._legend)
            yield Label(Text("escape closes this screen", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


class FinalVerdictPicker(ModalScreen[str | None]):
    """Choose the final verdict of a claim (or remove it); dismisses with a label, "none" or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, claim: str, current: FinalVerdict | None) -> None:
        super().__init__()
        self._claim = claim
        self._final = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Text("Final verdict on: ", style="bold") + Text(visible(self._claim[:200])),
                classes="dialog-title",
            )
            options = [
                Option(label_text(label) + Text(f"  {label.description}"), id=label.value)
                for label in VerdictLabel
            ]
            if self._final:
                options.append(Option(Text("remove the final verdict"), id="none"))
            yield OptionList(*options, markup=False, id="finals")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReportScreen(ModalScreen[None]):
    """A read-only report over the review screen: rich tables and text, a hint line; escape closes."""

    BINDINGS = [Binding("escape,q", "close", "Close")]

    def __init__(self, parts: list[RenderableType], hint: str, *, name: str, key: str) -> None:
        super().__init__(id=f"{name}-report")
        self._parts, self._hint, self._name = parts, hint, name
        self._bindings.bind(key, "close", "Close", show=False)  # the key that opened it closes it too

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id=self._name):
            for part in self._parts:
                yield Static(Visible(part))  # names and notes in reports come from other people's files
            yield Label(Text(self._hint, style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


def stats_report(db: Database) -> ReportScreen:
    """Reviewers, agreement between them, and the disputed claims."""
    from workbench.services.team import gather
    from workbench.views.team_tables import stats_tables

    parts = list(stats_tables(gather(db), dispute_limit=20))
    hint = "escape closes · d on the review screen shows only disputed claims"
    return ReportScreen(parts, hint, name="stats", key="A")


def provenance_report(found: Provenance) -> ReportScreen:
    """How much of each article the others cover: which is the original, which are rewrites."""
    from workbench.views.provenance import provenance_lines

    parts: list[RenderableType] = provenance_lines(found.top(MAX_PROVENANCE_ARTICLES))
    hint = "escape closes · R (review screen) marks the compared article as the reference"
    return ReportScreen(parts, hint, name="provenance", key="m")


class ReviewerPrompt(ModalScreen[str]):
    """Ask who is reviewing (a browser session has no login name); dismisses with a valid name."""

    BINDINGS = [Binding("escape", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("Who is reviewing?", style="bold"), classes="dialog-title")
            yield Label(Text("Your verdicts are saved under this name. Enter to start, escape to leave."))
            yield Input(placeholder="your name", id="reviewer", max_length=64)
            yield Label(Text(""), id="reviewer-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            name = check_reviewer_name(event.value)
        except InvalidReviewer as error:
            self.query_one("#reviewer-error", Label).update(Text(str(error), style="bold red"))
            return
        self.dismiss(name)
