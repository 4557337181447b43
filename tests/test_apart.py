"""Long work in a process of its own: the result comes back, and so does an error, in one line."""

from __future__ import annotations

import pytest

from workbench.models import WorkbenchError
from workbench.services.apart import run_apart


def test_the_result_of_a_call_in_another_process_comes_back():
    from workbench.align.diff import word_diffs

    here = word_diffs([("a", "The council met on Monday.", ["The council met on Tuesday."])])
    assert (
        run_apart(word_diffs, [("a", "The council met on Monday.", ["The council met on Tuesday."])]) == here
    )


def test_an_error_raised_there_is_raised_here():
    from workbench.services.hints import triage_at
    from workbench.store import DatabaseError

    with pytest.raises(DatabaseError):  # what the screen catches and says in one line
        run_apart(triage_at, "/nonexistent/folder/workbench.db", "0000")


def test_a_process_that_dies_is_said_in_one_line():
    import os

    with pytest.raises(WorkbenchError, match="stopped"):
        run_apart(os._exit, 3)
