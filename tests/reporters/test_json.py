"""The JSON report written in pieces is the very text of the whole document."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from gate.model import RunResult
from gate.reporters import chunks, json_report


@pytest.mark.parametrize("batch", [1, 2, 7, 10_000])
def test_pieces_join_to_the_whole_document(run: RunResult, batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_report, "BATCH", batch)
    assert len(run.results) > 7
    whole = json_report.render(run)
    pieces = list(chunks("json")(run))
    assert "".join(pieces) == whole
    assert len(pieces) == 2 + -(-len(run.results) // batch)
    assert json.loads(whole)["results"][0]["policy_id"] == run.results[0].policy_id


def test_a_run_without_results_is_one_piece(run: RunResult) -> None:
    empty = replace(run, results=[])
    assert list(chunks("json")(empty)) == [json_report.render(empty)]


def test_formats_without_pieces_are_written_whole(run: RunResult) -> None:
    from gate.reporters import writer

    assert list(chunks("sarif")(run)) == [writer("sarif")(run)]
