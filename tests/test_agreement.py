"""Agreement figures checked against published worked examples."""

from __future__ import annotations

import pytest

from workbench.services.agreement import agreement, cohen_kappa, krippendorff_alpha


def test_cohen_kappa_matches_the_textbook_example():
    # 50 items: both yes 20, first yes only 5, second yes only 10, both no 15 -> kappa 0.4
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohen_kappa(pairs) == pytest.approx(0.4)


def test_cohen_kappa_is_undefined_without_shared_items_or_variation():
    assert cohen_kappa([]) is None
    assert cohen_kappa([("a", "a")] * 5) is None


def test_krippendorff_alpha_matches_krippendorffs_nominal_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders, 12 units,
    # missing values; nominal alpha = 0.743.
    rows = [
        "1 1 . 1", "2 2 3 2", "3 3 3 3", "3 3 3 3", "2 2 2 2", "1 2 3 4",
        "4 4 4 4", "1 1 2 1", "2 2 2 2", ". 5 5 5", ". . 1 1", ". . . 3",
    ]  # fmt: skip
    matrix = {
        f"unit{n}": {f"coder{i}": v for i, v in enumerate(row.split()) if v != "."}
        for n, row in enumerate(rows)
    }
    assert krippendorff_alpha(matrix) == pytest.approx(0.743, abs=0.001)


def test_agreement_report_pairs_labels_and_units():
    matrix = {
        "c1": {"ana": "supported", "ben": "supported"},
        "c2": {"ana": "contradicted", "ben": "editorialized"},
        "c3": {"ana": "supported", "ben": "supported", "cy": "supported"},
        "c4": {"ana": "unsupported"},
    }
    report = agreement(matrix)
    assert report.units == 3
    pair = next(p for p in report.pairs if (p.first, p.second) == ("ana", "ben"))
    assert (pair.shared, pair.observed) == (3, pytest.approx(2 / 3))
    assert report.by_label["supported"] == 1.0
    assert report.by_label["contradicted"] == 0.0
    assert report.coincidences[("contradicted", "editorialized")] == 1.0
