"""A kind's summary of a job as the page reads it, and the import's summary card built from
the counts its fan-out stores."""
from __future__ import annotations

from types import SimpleNamespace

from shopify_app.jobs.kinds.import_sheet.summary_card import summary_card
from shopify_app.jobs.kinds.summary import Figure, Problem, Summary, SummaryTable


def test_a_summary_without_figures_table_or_problems_is_pending() -> None:
    data = Summary("Import summary", note="Reading the file").to_dict()
    assert data["pending"] is True and data["note"] == "Reading the file"
    assert data["file"] is None and data["file_label"] is None


def test_summary_serializes_figures_table_problems_and_the_file_to_offer() -> None:
    data = Summary("Totals", figures=(Figure("Failed", 2, "critical"), Figure("Odd", 1, "pink")),
                   table=SummaryTable("Per field", ("Field", "Set"), (("Price", 3),)),
                   problems=(Problem("Line 4", "not a number"),), more_problems=5,
                   file="Failed rows").to_dict()
    assert data["pending"] is False
    assert data["figures"] == [{"label": "Failed", "value": 2, "tone": "critical"},
                               {"label": "Odd", "value": 1, "tone": ""}]  # unknown tone dropped
    assert data["table"] == {"caption": "Per field", "columns": ["Field", "Set"],
                             "rows": [["Price", 3]]}
    assert data["problems"] == [{"where": "Line 4", "what": "not a number"}]
    assert data["more_problems"] == 5 and data["file_label"] == "Download failed rows"


def _job(status: str, summary: dict | None) -> SimpleNamespace:
    params = {"upload": {"name": "a.csv"}}
    if summary is not None:
        params["import_summary"] = summary
    return SimpleNamespace(status=status, params=params)


def test_import_card_counts_per_field_and_names_failed_rows() -> None:
    card = summary_card(_job("review", {
        "rows_read": 120, "failed_rows": 3, "items": 7,
        "fields": {"price": {"change": 5, "unchanged": 110, "invalid": 1},
                   "seo_title": {"change": 2, "unchanged": 0, "invalid": 0}},
        "failed": [{"line": 4, "reason": 'Price "12,9O" is not a number'}]})).to_dict()
    assert [(f["label"], f["value"]) for f in card["figures"]] == [
        ("Rows read", 120), ("Values to change", 7), ("Failed rows", 3)]
    assert card["table"]["columns"] == ["Field", "To change", "Unchanged", "Invalid"]
    assert card["table"]["rows"] == [["Price", 5, 110, 1], ["SEO title", 2, 0, 0]]
    assert card["problems"] == [{"where": "Line 4", "what": 'Price "12,9O" is not a number'}]
    assert card["more_problems"] == 2  # three failed, one listed
    assert card["file"] == "Failed rows"


def test_import_card_is_pending_while_the_file_is_read_and_absent_if_it_never_was() -> None:
    assert summary_card(_job("processing", None)).pending
    assert summary_card(_job("failed", None)) is None
