"""Triage: each signal on constructed claim/evidence pairs, the seeds' gold, the CLI and the exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import store
from workbench.cli import main
from workbench.models import Label
from workbench.triage.lexicon import Lexicon, user_lexicon_problem
from workbench.triage.signals import Claim, Evidence, triage

from .conftest import ORIGINAL, REWRITE, article_named, passage_starting
from .triage_gold import add_planted, evaluate


def flags_of(claim: str, *evidence: str, published=None, evidence_published=None, reference=()):
    found = triage(
        Claim(
            "c",
            claim,
            published,
            tuple(Evidence(f"e{k}", text, 60.0 - k, evidence_published) for k, text in enumerate(evidence)),
            tuple(Evidence(f"r{k}", text, 0.0, evidence_published) for k, text in enumerate(reference)),
        )
    )
    return found


def kinds(result) -> set[str]:
    return {flag.kind for flag in result.flags}


# -- figures -----------------------------------------------------------------------------------


def test_a_changed_sum_of_money_is_flagged_with_both_spans():
    claim = "Ukraine could repay the aid with rare earths worth about $600 billion."
    evidence = "Trump said Ukraine could repay the aid with ‘like $500 billion worth of rare earth’."
    result = flags_of(claim, evidence)
    figure = next(f for f in result.flags if f.kind == "figure")
    assert claim[slice(*figure.claim_span)] == "$600 billion"
    assert evidence[slice(*figure.evidence_span)] == "$500 billion"
    assert figure.evidence == "e0"
    assert result.suggested is Label.CONTRADICTED


@pytest.mark.parametrize(
    ("claim", "evidence"),
    [
        ("About 40 per cent of the metal is occupied.", "About 40% of the metal is occupied."),
        ("It holds £12 trillion of resources.", "It holds some £12trn worth of resources."),
        ("The fund reached $2.5bn last year.", "The fund reached $2,500 million last year."),
        ("Over the past three years aid flowed.", "Over the last three years aid flowed."),
    ],
)
def test_figures_that_agree_after_normalising_units_are_not_flagged(claim, evidence):
    assert "figure" not in kinds(flags_of(claim, evidence))


def test_a_figure_with_no_counterpart_and_a_changed_percentage_are_flagged():
    assert "figure" in kinds(flags_of("Russia holds 60% of Donetsk.", "Russia holds 40% of Donetsk."))
    added = flags_of("The army sent 3,000 troops to the border.", "The army sent troops to the border.")
    assert [f.detail for f in added.flags if f.kind == "figure"] == ["‘3,000’ is not in the reference"]


def test_model_names_years_and_days_of_dates_are_not_figures():
    result = flags_of(
        "A MiG-29S flew over Kyiv on February 12, 2025.", "A MiG-29 flew over Kyiv on February 12."
    )
    assert "figure" not in kinds(result)


# -- dates ---------------------------------------------------------------------------------------


def test_a_changed_weekday_is_flagged():
    result = flags_of(
        "Hegseth said on Tuesday that no troops would go.",
        "Hegseth said on Wednesday that no troops would go.",
        published="2025-02-14",
        evidence_published="2025-02-14",
    )
    date = next(f for f in result.flags if f.kind == "date")
    assert "Tuesday" in date.detail and "Wednesday" in date.detail


def test_relative_dates_are_resolved_against_each_articles_publication_date():
    # The rewrite appeared a year after the original: its "in 2024" is the original's "last year".
    same = flags_of(
        "The deal was floated by Zelenskyy in 2024.",
        "The deal was floated by Zelenskyy last year.",
        published="2026-01-10",
        evidence_published="2025-02-14",
    )
    assert "date" not in kinds(same)
    moved = flags_of(
        "The deal was floated by Zelenskyy in 2023.",
        "The deal was floated by Zelenskyy last year.",
        published="2026-01-10",
        evidence_published="2025-02-14",
    )
    assert "date" in kinds(moved)


def test_a_relative_date_without_publication_dates_is_compared_by_what_it_says():
    assert "date" not in kinds(flags_of("Floated last year.", "The idea was floated last year."))
    assert "date" in kinds(flags_of("Floated last month by Kyiv.", "Floated last year by Kyiv."))


# -- roles, attribution, hedges ------------------------------------------------------------------


def test_a_changed_role_is_flagged_against_the_evidence_or_the_rest_of_the_reference():
    result = flags_of(
        "Hegseth serves under former President Donald Trump.",
        "Hegseth, Trump’s defence secretary, spoke on Wednesday.",
        reference=("President Donald Trump meets Zelenskyy in New York.",),
    )
    role = next(f for f in result.flags if f.kind == "role")
    assert "former President Donald Trump" in role.detail and role.evidence == "r0"
    kept = flags_of(
        "Ukraine’s President Volodymyr Zelenskyy met Trump.",
        "Ukrainian President Volodymyr Zelenskyy met Trump.",
    )
    assert "role" not in kinds(kept)


def test_a_statement_put_in_another_speakers_mouth_is_flagged():
    result = flags_of(
        "Zelenskyy proposed that Ukraine could repay the US with $500 billion of rare earths.",
        "Donald Trump has suggested that Ukraine could repay the US with ‘like $500 billion of rare earth’.",
    )
    assert "attribution" in kinds(result)
    same = flags_of(
        "Putin suggested that the root causes must be addressed.",
        "Putin said that the ‘root causes’ of the conflict needed to be resolved.",
    )
    assert "attribution" not in kinds(same)


def test_a_removed_or_added_hedge_is_flagged():
    removed = flags_of(
        "The United States will provide air cover to the force in Ukraine.",
        "The United States could provide ‘air cover’ to the force in Ukraine.",
    )
    assert "hedge" in kinds(removed)
    added = flags_of("Critics may fear Ukraine is partitioned.", "Critics will fear Ukraine is partitioned.")
    assert "hedge" in kinds(added)
    kept = flags_of("The US may provide air cover to Ukraine.", "The US could provide air cover to Ukraine.")
    assert "hedge" not in kinds(kept)
    # Reported speech keeps its speaker's hedge: the claim does not assert it either.
    reported = flags_of(
        "A mineral deal as a security shield was discussed by Scott Bessent.",
        "Scott Bessent suggested that a mineral deal could be used as a security shield.",
    )
    assert "hedge" not in kinds(reported)


# -- support, editorial language, names ----------------------------------------------------------


def test_a_claim_with_no_counterpart_in_the_reference_is_unsupported_and_says_who_else_says_it():
    claim = Claim("c", "Vance softened the comments.", backed_by=("001.txt",), reference_name="002.txt")
    result = triage(claim)
    assert kinds(result) == {"no_support"}
    assert result.suggested is Label.UNSUPPORTED
    assert "only 001.txt say it" in result.flags[0].detail
    many = triage(Claim("c", "Vance softened it.", backed_by=tuple(f"{n:03d}.txt" for n in range(9))))
    assert many.flags[0].detail.endswith("only 000.txt, 001.txt, 002.txt and 6 more say it")


def test_editorial_words_the_evidence_does_not_use_are_flagged_and_suggest_editorialized():
    result = flags_of(
        "A brave rescuer fights a fire in Kyiv, a stark contrast to the calm.",
        "A Ukrainian rescuer works to put out a fire in Kyiv.",
    )
    assert sorted(f.detail for f in result.flags if f.kind == "editorial") == ["‘brave’", "‘stark contrast’"]
    assert result.suggested is Label.EDITORIALIZED
    quoted = flags_of("The situation is dire, officials said.", "Officials said the situation is dire.")
    assert "editorial" not in kinds(quoted)


def test_the_lexicon_is_data_a_user_can_extend(tmp_path, monkeypatch):
    lexicon = Lexicon.from_lines(["# mine", "jaw-dropping", "spectacular*"])
    hits = lexicon.hits("A jaw-dropping and spectacularly bold plan.")
    assert [h.entry for h in hits] == ["jaw-dropping", "spectacular*"]
    extra = tmp_path / "words.txt"
    extra.write_text("gobsmacking\n", "utf-8")
    monkeypatch.setenv("WORKBENCH_LEXICON", str(extra))
    result = flags_of("A gobsmacking deal was made.", "A deal was made.")
    assert "editorial" in kinds(result)
    # A file that is not there is reported in one line, and the bundled lexicon still works.
    monkeypatch.setenv("WORKBENCH_LEXICON", str(tmp_path / "missing.txt"))
    assert "cannot be read" in user_lexicon_problem()
    assert "editorial" in kinds(flags_of("A brave deal was made.", "A deal was made."))


def test_new_names_are_flagged_unless_the_reference_names_them():
    result = flags_of(
        "Shelling hit Azovstal near Dnipropetrovsk, said Bogomaz.",
        "Shelling hit Azovstal in Mariupol.",
        reference=("Governor Alexander Bogomaz spoke from Bryansk.",),
    )
    new = [f.detail for f in result.flags if f.kind == "new_name"]
    assert new == ["‘Dnipropetrovsk’ is not named in the evidence"]
    spelled = flags_of("Zelensky met Sir Keir Starmer in the UK.", "Zelenskyy met Keir Starmer in Britain.")
    assert "new_name" not in kinds(spelled)


def test_a_faithful_paraphrase_gets_no_flags():
    result = flags_of(
        "Mining analysts note that Ukraine has no commercially operational rare earth mines.",
        "Mining analysts and economists say Ukraine has no commercially operational rare earth mines.",
    )
    assert result.flags == () and result.suggested is None


# -- on the seeds --------------------------------------------------------------------------------


def test_the_seed_rewrites_are_triaged_close_to_the_gold(seeded):
    run = evaluate(seeded)
    for kind, score in run.scores.items():
        if score.expected:
            assert score.recall >= 0.8, (kind, score)
        if score.found:
            assert score.precision >= 0.5, (kind, score)
    # A signal that fires on everything is worse than none: most faithful claims stay unflagged.
    faithful = run.claims - run.flagged_expected
    assert run.flagged_found - run.flagged_both <= 0.15 * faithful
    assert run.scores["no_support"].precision == 1.0 and run.scores["no_support"].recall == 1.0


def test_changes_planted_in_a_rewrite_of_the_original_are_flagged_and_nothing_else(seeded):
    add_planted(seeded)
    run = evaluate(seeded, "planted")
    for kind in ("figure", "date", "role", "attribution", "new_name", "editorial"):
        assert run.scores[kind].recall == 1.0, kind
    assert run.flagged_found == run.flagged_both  # the faithful sentences stay unflagged


@pytest.fixture
def cli(seeded, db_path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["--db", str(db_path), "--reviewer", "ana", *args])

    return invoke


def test_triage_json_has_the_documented_shape_and_spans_point_into_the_claim(cli, seeded):
    result = cli("triage", "--json", REWRITE)
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    assert {tuple(sorted(e)) for e in entries} == {("flags", "passage", "score", "suggested")}
    assert all(0.0 <= e["score"] <= 1.0 for e in entries)
    role_claim = passage_starting(seeded, REWRITE, "This comes as former President Donald Trump")
    entry = next(e for e in entries if e["passage"] == role_claim.id)
    assert entry["suggested"] == "contradicted"
    flag = next(f for f in entry["flags"] if f["kind"] == "role")
    assert set(flag) >= {"kind", "claim_span", "evidence_span", "detail"}
    start, end = flag["claim_span"]
    assert role_claim.text[start:end] == "former President Donald Trump"
    faithful = passage_starting(seeded, REWRITE, "The US may provide air cover to a peacekeeping force")
    entry = next(e for e in entries if e["passage"] == faithful.id)
    assert entry["suggested"] is None and entry["flags"] == []
    assert entry["score"] < next(e for e in entries if e["passage"] == role_claim.id)["score"]


def test_marking_another_reference_changes_what_triage_compares_against(cli, seeded):
    assert store.reference(seeded) == article_named(seeded, ORIGINAL).id
    result = cli("reference", "001_a86f8a9ebc3cc322.txt")
    assert result.exit_code == 0 and "marked" in result.output
    entries = {e["passage"] for e in json.loads(cli("triage", "--json").stdout)}
    new_reference = article_named(seeded, "001_a86f8a9ebc3cc322.txt")
    assert new_reference.id == store.reference(seeded)
    assert not entries & {p.id for p in store.list_passages(seeded, new_reference.id)}
    original = article_named(seeded, ORIGINAL)
    assert {p.id for p in store.list_passages(seeded, original.id, claims_only=True)} <= entries
    assert "proposed" in cli("reference", "--clear").output
    assert cli("reference", "nope").exit_code == 1


def test_provenance_shows_the_rewrites_covered_by_the_original(cli):
    data = json.loads(cli("provenance", "--json").stdout)
    names = {a["id"]: a["name"] for a in data["articles"]}
    share = {(names[c["article"]], names[c["by"]]): c["share"] for c in data["coverage"]}
    assert share[(REWRITE, ORIGINAL)] > 0.6
    assert share[(REWRITE, ORIGINAL)] > share[(REWRITE, "003_70d6ea2e469fa2ba.txt")] * 3
    assert names[data["reference"]] == ORIGINAL
    table = cli("provenance")
    assert table.exit_code == 0 and f"★ Reference: {ORIGINAL}" in table.output
    assert "3 ★ 002_" in table.output  # the row of the original carries the mark


def test_exports_carry_the_suggestion_beside_the_verdict(cli, seeded, tmp_path):
    claim = passage_starting(seeded, REWRITE, "A brave rescuer")
    assert cli("mark", claim.id, "supported").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(cli("export").stdout)))
    row = next(r for r in rows if r["passage_id"] == claim.id)
    assert row["label"] == "supported" and row["suggested"] == "editorialized"
    assert "editorial: ‘brave’" in row["suggestion_reasons"]
    line = json.loads(cli("export", "--format", "jsonl").stdout.splitlines()[0])
    assert line["suggested"] == "editorialized"
    assert line["suggestion"][0]["kind"] == "editorial"


def test_triage_reports_an_unreadable_user_lexicon_and_goes_on(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKBENCH_LEXICON", str(tmp_path / "nope.txt"))
    result = cli("triage", "--json", REWRITE)
    assert result.exit_code == 0
    assert "WORKBENCH_LEXICON" in result.stderr and "Traceback" not in result.output
    assert json.loads(result.stdout)


def test_triage_without_any_articles_says_so(db_path):
    result = CliRunner().invoke(main, ["--db", str(db_path), "triage"])
    assert result.exit_code == 1 and "no reference article" in result.output


@settings(max_examples=300, deadline=None)
@given(
    claim=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200),
    evidence=st.lists(st.text(max_size=200), max_size=3),
    published=st.sampled_from([None, "2025-02-14", "1999-12-31", "not a date"]),
)
def test_triage_never_fails_and_its_spans_stay_inside_the_texts(claim, evidence, published):
    words = ["$5bn", "40 per cent", "on Monday", "last year", "former President Jo Li", "could", "Sept. 31"]
    claim = claim + " " + " ".join(words[: len(claim) % len(words)])
    result = flags_of(claim, *evidence, published=published, evidence_published=published)
    texts = {f"e{k}": text for k, text in enumerate(evidence)}
    for flag in result.flags:
        start, end = flag.claim_span
        assert 0 <= start <= end <= len(claim)
        if flag.evidence_span is not None:
            start, end = flag.evidence_span
            assert 0 <= start <= end <= len(texts[flag.evidence])


def test_the_original_is_the_article_the_others_derive_from_even_when_summaries_are_twins(tmp_path):
    """A source and two near-identical summaries of it: the twins cover each other whole, and used
    to outvote the source on link counts; derivation (what covers what) picks the source."""
    from workbench.models import Document
    from workbench.services.importing import import_document
    from workbench.services.linking import refresh_links
    from workbench.services.provenance import provenance

    source = (
        "French customs officers seized more than two tons of cocaine aboard a sailboat. "
        "The drugs are worth more than 105 million dollars, said Michael Lachaux, director of customs. "
        "Officers arrested one Venezuelan and two Spanish citizens on board the vessel. "
        "Martinique is an overseas department of France. "
        "In November, officials seized nearly 250 kilograms of cocaine off the coast of Martinique."
    )
    summary = (
        "The drugs are worth more than 105 million dollars. "
        "Officers arrested one Venezuelan and two Spanish citizens on board."
    )
    db = store.open_db(tmp_path / "bump.db")
    for name, text in [
        ("a-summary", summary),
        ("b-edited", summary.replace("more", "less")),
        ("c-source", source),
    ]:
        import_document(db, Document(source_key=name, path=f"{name}.txt", text=text))
    refresh_links(db)
    found = provenance(db)
    names = dict(found.articles)
    assert names[store.reference(db)] == "c-source.txt"
    assert found.proposal.basis == "derivation" and not found.proposal.weak
    assert "the others say what it says" in found.why()


def test_a_weak_choice_of_original_is_said_and_dates_come_first():
    from workbench.rules import likely_original

    order = ["a", "b"]
    claims = {"a": 10, "b": 10}
    nearly_even = {("a", "b"): 0.9, ("b", "a"): 0.85}
    proposal = likely_original(order, claims, nearly_even, {})
    assert proposal.article == "b" and proposal.weak
    assert "b.txt" not in proposal.why({"a": "a.txt"}) and "a.txt is nearly as likely" in proposal.why(
        {"a": "a.txt"}
    )
    dated = likely_original(order, claims, nearly_even, {"a": "2025-02-01", "b": "2025-02-03"})
    assert dated.article == "a" and dated.basis == "date" and not dated.weak
    unlinked = likely_original(order, {"a": 3, "b": 12}, {}, {})
    assert unlinked.article == "b" and unlinked.basis == "size"


def test_triage_and_reference_say_when_the_proposed_original_is_a_weak_choice(tmp_path):
    text = "The council approved the new budget on Tuesday. The mayor praised the vote."
    paraphrase = "On Tuesday the council approved the new budget. The mayor praised the vote."
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "one.txt").write_text(text, "utf-8")
    (folder / "two.txt").write_text(paraphrase, "utf-8")
    runner = CliRunner()
    db_path = tmp_path / "weak.db"
    assert runner.invoke(main, ["--db", str(db_path), "import", str(folder)]).exit_code == 0
    result = runner.invoke(main, ["--db", str(db_path), "triage", "--json"])
    assert result.exit_code == 0
    assert "weak lead" in result.stderr and "nearly as likely" in result.stderr
    json.loads(result.stdout)  # the JSON on standard output keeps its shape
    assert "weak lead" in runner.invoke(main, ["--db", str(db_path), "reference"]).output


# -- support against the reference as a whole, weak links, swaps -------------------------------

REFERENCE = (
    "French customs officers seized more than two tons of cocaine aboard a sailboat.",
    "The drugs are worth more than 105 million dollars, said Michael Lachaux.",
    "Officers arrested one Venezuelan and two Spanish citizens on board.",
)


def test_a_claim_that_merges_what_the_reference_says_in_two_places_is_not_unsupported():
    merged = Claim("c", "Customs officers seized cocaine worth 105 million dollars.", reference=_ref())
    assert triage(merged).flags == ()


def test_a_claim_with_only_a_weak_link_is_unsupported_and_names_what_the_reference_lacks():
    weak = Evidence("r1", REFERENCE[1], 22.0)
    claim = Claim("c", "Lachaux resigned after a scandal in Caracas.", evidence=(weak,), reference=_ref())
    result = triage(claim)
    assert kinds(result) == {"no_support"} and result.suggested is Label.UNSUPPORTED
    assert "‘Caracas’" in result.flags[0].detail
    text = "Lachaux said the drugs are worth 105 million dollars."
    strong = Claim("c", text, evidence=(Evidence("r1", REFERENCE[1], 70.0),), reference=_ref())
    assert "no_support" not in kinds(triage(strong))


def test_a_figure_said_elsewhere_in_the_reference_is_not_new():
    claim = "The officers arrested one Venezuelan on a sailboat carrying two tons."
    assert "figure" not in kinds(flags_of(claim, REFERENCE[2], reference=REFERENCE))
    assert "figure" in kinds(
        flags_of(claim.replace("two tons", "nine tons"), REFERENCE[2], reference=REFERENCE)
    )


def test_a_word_turned_into_its_opposite_is_a_swap_that_suggests_contradicted():
    result = flags_of(
        "The drugs are worth less than 105 million dollars, said Michael Lachaux.", REFERENCE[1]
    )
    swap = next(f for f in result.flags if f.kind == "swap")
    assert swap.detail == "‘less’ where the evidence has ‘more’"
    assert result.suggested is Label.CONTRADICTED
    assert "swap" not in kinds(flags_of(REFERENCE[1], REFERENCE[1]))


def test_a_negation_or_another_name_in_a_near_copy_is_a_swap():
    negated = flags_of(
        "Officers did not arrest one Venezuelan and two Spanish citizens on board.", REFERENCE[2]
    )
    assert "swap" in kinds(negated)
    renamed = flags_of(
        "The drugs are worth more than 105 million dollars, said Pierre Dubois.",
        "The drugs are worth more than 105 million dollars, said Michael Lachaux.",
        reference=("Pierre Dubois runs the port.",),
    )
    assert any(f.kind == "swap" and "‘Pierre Dubois’" in f.detail for f in renamed.flags), renamed.flags


def _ref() -> tuple[Evidence, ...]:
    return tuple(Evidence(f"r{k}", text, 0.0) for k, text in enumerate(REFERENCE))


def test_a_changed_office_is_a_role_change_not_only_former():
    assert "role" in kinds(
        flags_of(
            "State Representative John Smith voted against the bill on Tuesday.",
            "State Senator John Smith voted against the bill on Tuesday.",
        )
    )
    same = flags_of("Senator John Smith voted no.", "State Senator John Smith voted against it.")
    assert "role" not in kinds(same)


def test_a_tally_in_words_agrees_with_the_same_tally_in_figures():
    assert "figure" not in kinds(
        flags_of(
            "The court ruled seven votes to two against the law.", "The court ruled 7-2 against the law."
        )
    )
    assert "figure" in kinds(
        flags_of("The court ruled six votes to three.", "The court ruled 7-2 against the law.")
    )
    assert "figure" not in kinds(flags_of("The MiG-29S and A-10 flew.", "Jets flew."))


def test_counts_are_rivals_only_when_they_count_the_same_thing():
    changed = flags_of("He was bitten almost ten times.", "He was bitten eight times by the dog.")
    assert [f.detail for f in changed.flags if f.kind == "figure"] == ["‘ten’ where the evidence has ‘eight’"]
    other = flags_of(
        "The 29-year-old thanked fans after eight goals.",
        "He scored eight goals this season.",
        reference=("The striker, 29, thanked the fans.",),
    )
    assert "figure" not in kinds(other)


def test_plain_opinion_words_are_editorial_whatever_the_story():
    flagged = flags_of("Sadly, the long-overdue reform failed again, as usual.", "The reform failed again.")
    words = {f.detail for f in flagged.flags if f.kind == "editorial"}
    assert words == {"‘Sadly’", "‘long-overdue’", "‘as usual’"}
    assert "editorial" not in kinds(flags_of("The reform failed again.", "The reform failed again."))


def test_loaded_words_inside_a_quotation_are_the_speakers_not_editorial():
    quoted = flags_of("His father said it was a 'horrendous' accident.", "His father spoke of the accident.")
    assert "editorial" not in kinds(quoted)
    assert "editorial" in kinds(
        flags_of("It was a horrendous accident.", "His father spoke of the accident.")
    )


def test_triage_works_out_the_original_when_an_interrupted_import_stored_none(cli, seeded):
    store.set_reference(seeded, None, proposed=True)  # as an import stopped before its end leaves it
    assert store.reference(seeded) is None
    result = cli("triage", "--json")
    assert result.exit_code == 0, result.output
    entries = json.loads(result.stdout)
    original = article_named(seeded, ORIGINAL)
    assert entries and not {e["passage"] for e in entries} & {
        p.id for p in store.list_passages(seeded, original.id)
    }


def test_provenance_json_lists_only_the_pairs_that_share_claims(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "a.txt").write_text("The council approved the budget on Tuesday. The mayor praised it.")
    (folder / "b.txt").write_text("On Tuesday the council approved the budget. The mayor praised it.")
    (folder / "c.txt").write_text("Heavy snow closed mountain passes. Skiers waited for the lifts.")
    runner = CliRunner()
    db_path = tmp_path / "sparse.db"
    assert runner.invoke(main, ["--db", str(db_path), "import", str(folder)]).exit_code == 0
    db = store.open_db(db_path)
    council = store.story_of(db, store.find_article(db, "a.txt").id)
    db.close()
    # c.txt is another story; put it in the council's so that the pair it shares nothing with is there
    moved = runner.invoke(main, ["--db", str(db_path), "stories", "move", "c.txt", council])
    assert moved.exit_code == 0, moved.output
    data = json.loads(runner.invoke(main, ["--db", str(db_path), "provenance", "--json"]).stdout)
    names = {a["id"]: a["name"] for a in data["articles"]}
    assert sorted(names.values()) == ["a.txt", "b.txt", "c.txt"]
    pairs = {(names[e["article"]], names[e["by"]]) for e in data["coverage"]}
    assert pairs == {("a.txt", "b.txt"), ("b.txt", "a.txt")}  # c.txt shares nothing: left out
    assert all(entry["share"] > 0 for entry in data["coverage"])


def test_provenance_text_shows_the_closest_versions_of_a_story_of_any_size(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    base = "The council approved the budget on Tuesday. The mayor praised the vote. Work starts in May."
    (folder / "000-original.txt").write_text(base + " Schools will get new roofs.")
    for n in range(1, 45):
        (folder / f"{n:03d}.txt").write_text(
            base.replace("Tuesday", "Tuesday evening") + f" Note {n} was added."
        )
    runner = CliRunner()
    db_path = tmp_path / "many.db"
    assert runner.invoke(main, ["--db", str(db_path), "import", str(folder)]).exit_code == 0
    result = runner.invoke(main, ["--db", str(db_path), "provenance"])
    assert result.exit_code == 0, result.output
    assert "Showing 40 of 45 articles" in result.output
    assert "★" in result.output  # the reference is always among those shown


# -- the score ----------------------------------------------------------------------------------


def test_the_shipped_model_measures_the_features_triage_computes():
    from workbench.triage.features import FEATURES
    from workbench.triage.model import default_model

    assert len(default_model().weights) == len(FEATURES)


def test_a_claim_with_words_the_reference_never_uses_scores_above_a_near_copy():
    source = "Officers arrested one Venezuelan and two Spanish citizens who were on board the vessel."
    reference = (source, "The drugs are the biggest cocaine seizure ever carried out by French authorities.")
    copy = flags_of(
        "Officers arrested one Venezuelan and two Spanish citizens on board.", source, reference=reference
    )
    invented = flags_of(
        "Officers arrested three Colombian smugglers and a Dutch pilot after a gunfight at sea.",
        source,
        reference=reference,
    )
    assert 0.0 <= copy.score < invented.score <= 1.0
    assert copy.suspicion < invented.suspicion
