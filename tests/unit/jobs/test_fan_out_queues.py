"""Fan-out ids per queue, the size thresholds, and the worker's --queues option."""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from shopify_app.jobs import keys
from shopify_app.jobs.dispatch import LARGE_JOB, SMALL_JOB, queue_name_for
from workers.worker import parse_queues

ROOT = Path(__file__).resolve().parents[3]


def test_each_queue_has_its_own_fan_out_id_and_high_keeps_the_old_one():
    assert keys.fan_out_rq_id("J1") == "fanout-J1" == keys.fan_out_rq_id("J1", "high")
    ids = keys.fan_out_rq_ids("J1")
    assert ids == ["fanout-J1", "fanout-J1-default", "fanout-J1-low"]
    assert len(set(ids)) == 3
    with pytest.raises(ValueError):
        keys.fan_out_rq_id("J1", "fast")


@pytest.mark.parametrize(("size", "queue"), [
    (0, "high"), (SMALL_JOB, "high"), (SMALL_JOB + 1, "default"), (LARGE_JOB, "default"),
    (LARGE_JOB + 1, "low")])
def test_size_thresholds(size, queue):
    assert queue_name_for(size) == queue


def test_queues_are_parsed_in_the_order_given():
    assert parse_queues("high") == ["high"]
    assert parse_queues("low, high") == ["low", "high"]
    assert parse_queues("high,default,low") == ["high", "default", "low"]


@pytest.mark.parametrize(("text", "message"), [
    ("high,fast", "unknown queue 'fast'; the queues are high, default, low"),
    ("", "name at least one queue"), (" , ", "name at least one queue"),
    ("high,high", "named twice")])
def test_bad_queue_lists_are_refused(text, message):
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        parse_queues(text)


def test_the_worker_refuses_an_unknown_queue_before_starting():
    run = subprocess.run([sys.executable, "-m", "workers.worker", "--queues", "high,urgent"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "argument --queues: unknown queue 'urgent'; the queues are high, default, low" \
        in run.stderr
