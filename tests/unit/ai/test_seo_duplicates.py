"""Near-identical texts across a job and the store (correctness only; speed is in bench/)."""
from __future__ import annotations

import random

import pytest

from shopify_app.ai.seo_score import DuplicateIndex
from shopify_app.ai.seo_score.duplicates import shingles

VOCABULARY = ("linen stoneware oak merino brass glass cotton walnut candle mug bowl scarf wallet "
         "tray vase soft warm light heavy round square tall small large bright calm quiet "
         "made shaped glazed woven knitted poured carved sanded finished packed shipped "
         "morning evening kitchen table shelf window garden studio workshop family")
WORDS = VOCABULARY.split(" ")


def text(rng: random.Random, words: int = 80) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def edit(original: str, changes: int, rng: random.Random) -> str:
    words = original.split()
    for position in rng.sample(range(len(words)), changes):
        words[position] = "different"
    return " ".join(words)


@pytest.fixture
def job() -> tuple[DuplicateIndex, list[str]]:
    rng = random.Random(11)
    texts = [text(rng) for _ in range(1000)]
    texts[870] = edit(texts[120], 3, rng)
    texts[640] = "<p>" + texts[33].replace(" ", " <strong>", 1) + "</p>"  # same words, markup
    index = DuplicateIndex()
    for position, value in enumerate(texts):
        index.add(f"item-{position}", value)
    return index, texts


def test_near_identical_texts_in_a_1000_item_job_are_grouped(job):
    index, _texts = job

    groups = sorted(sorted(g) for g in index.groups())

    assert groups == [["item-120", "item-870"], ["item-33", "item-640"]]


def test_matches_report_the_exact_similarity(job):
    index, texts = job

    (match,) = index.matches("item-870")

    assert match.key == "item-120" and not match.external
    expected_a, expected_b = shingles(texts[870], 3), shingles(texts[120], 3)
    assert match.similarity == round(len(expected_a & expected_b) / len(expected_a | expected_b),
                                     4)
    assert 0.6 <= match.similarity < 1
    assert index.matches("item-5") == []


def test_query_finds_a_text_without_adding_it(job):
    index, texts = job

    assert [m.key for m in index.query(texts[500])] == ["item-500"]
    assert len(index) == 1000


def test_store_texts_are_compared_with_the_job_but_not_with_each_other():
    index = DuplicateIndex()
    rng = random.Random(3)
    shared = text(rng)
    index.add("store-1", shared, external=True)
    index.add("store-2", shared, external=True)
    index.add("job-1", text(rng))

    assert index.groups() == []
    assert index.matches("store-1") == []

    index.add("job-2", shared)

    assert sorted(index.groups()[0]) == ["job-2", "store-1", "store-2"]
    assert {(m.key, m.external) for m in index.matches("job-2")} == {("store-1", True),
                                                                      ("store-2", True)}


def test_different_texts_on_the_same_topic_are_not_duplicates():
    index = DuplicateIndex()
    index.add("a", "A speckled stoneware mug, thrown by hand in Devon and glazed in soft white.")
    index.add("b", "This stoneware mug is glazed in white; each one is thrown by hand in our "
                   "Devon studio.")

    assert index.groups() == []


def test_short_and_empty_texts():
    index = DuplicateIndex()
    index.add("t1", "Oak Board")
    index.add("t2", "oak  board!")
    index.add("e1", "")
    index.add("e2", "<p></p>")

    assert index.groups() == [["t1", "t2"]]
    assert index.query("") == []


def test_keys_are_unique_and_threshold_is_checked():
    index = DuplicateIndex()
    index.add("a", "some text here")

    with pytest.raises(ValueError, match="already indexed"):
        index.add("a", "other")
    with pytest.raises(ValueError, match="threshold"):
        DuplicateIndex(threshold=0)


def test_a_higher_threshold_only_keeps_closer_texts(job):
    _index, texts = job
    strict = DuplicateIndex(threshold=0.95)
    strict.add_many([("a", texts[120]), ("b", texts[870]), ("c", texts[120] + " ")])

    assert strict.groups() == [["a", "c"]]
