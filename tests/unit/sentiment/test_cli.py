"""`sentiment score` and `sentiment eval` through a parser built here."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest

from app.cli import sentiment as cli


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="app")
    subparsers = parser.add_subparsers(dest="command", required=True)
    cli.register(subparsers)
    args = parser.parse_args(argv)
    return args.func(args)


def test_score_json_from_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "note.md"
    note.write_text("## View\n\nWe are long SPY/QQQ, short VTWO. Nvidia beat estimates.\n")
    assert run(["sentiment", "score", str(note), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"score", "label", "sentences", "tickers"}
    assert data["tickers"]["VTWO"]["score"] < 0 < data["tickers"]["SPY"]["score"]
    assert {"text", "score", "label", "tickers"} <= set(data["sentences"][0])


def test_score_from_stdin_readable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Microsoft cut its outlook."))
    assert run(["sentiment", "score"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("score: ")
    assert "MSFT" in out


def test_score_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sentiment", "score", str(tmp_path / "nope.md")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "not found" in err
    assert "Traceback" not in err


def test_eval_last_line_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tsv = tmp_path / "set.tsv"
    tsv.write_text(
        "label\tsentence\n"
        "positive\tNet sales rose 10% to EUR 50 mn.\n"
        "negative\tThe operating loss widened.\n"
        "neutral\tThe company is based in Turku.\n"
    )
    assert run(["sentiment", "eval", str(tsv)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    data = json.loads(lines[-1])
    assert set(data) == {"n", "accuracy", "macro_f1", "per_class", "confusion"}
    assert data["n"] == 3
    assert data["accuracy"] == 1.0
    assert any(line.startswith("accuracy") for line in lines)


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("sentence\tlabel\nx\tpositive\n", "line 1"),
        ("label\tsentence\npositive\tok\nmaybe\tx\n", "line 3"),
        ("label\tsentence\npositive no tab\n", "line 2"),
    ],
)
def test_eval_malformed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    tsv = tmp_path / "bad.tsv"
    tsv.write_text(content)
    assert run(["sentiment", "eval", str(tsv)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert needle in captured.err
    assert "Traceback" not in captured.err


def test_eval_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["sentiment", "eval", str(tmp_path / "none.tsv")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_eval_entity_rows_bind_the_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tsv = tmp_path / "entities.tsv"
    tsv.write_text(
        "label\ttarget\tsentence\n"
        "positive\tAcme Tools\tAcme Tools raised its full-year guidance.\n"
        "neutral\tZenith Paper\tAcme Tools raised its full-year guidance.\n"
        "neutral\tKLM\tKLM opened a new route.\n"
    )
    assert run(["sentiment", "eval", str(tsv)]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["n"] == 3
    # Zenith Paper is not named: it counts as neutral and against coverage.
    assert report["coverage"] == pytest.approx(2 / 3, abs=1e-4)
    assert report["accuracy"] == 1.0


def test_eval_passages_per_ticker_and_overall(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        {
            "id": "a",
            "text": "We move to Overweight JPM with a target 20% above the price.",
            "labels": {"JPM": "positive"},
            "overall": "positive",
        },
        {
            "id": "b",
            "text": "We are short QQQ into the print.",
            "labels": {"QQQ": "negative"},
            "overall": "negative",
        },
    ]
    path = tmp_path / "notes.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert run(["sentiment", "eval", str(path)]) == 0
    report = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert report["n"] == 2
    assert report["overall"]["n"] == 2
    assert report["accuracy"] == 1.0 and report["overall"]["accuracy"] == 1.0


def test_eval_rows_even_and_odd(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tsv = tmp_path / "set.tsv"
    tsv.write_text("label\tsentence\n" + "neutral\tThe office is in Oslo.\n" * 5)
    assert run(["sentiment", "eval", "--rows", "even", str(tsv)]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["n"] == 3
    assert run(["sentiment", "eval", "--rows", "odd", str(tsv)]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["n"] == 2


def test_eval_text_halves(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tsv = tmp_path / "set.tsv"
    tsv.write_text(
        "label\tsentence\n" + "".join(f"neutral\tOffice {i} is in Oslo.\n" for i in range(20))
    )
    counts = []
    for half in ("half-a", "half-b"):
        assert run(["sentiment", "eval", "--rows", half, str(tsv)]) == 0
        counts.append(json.loads(capsys.readouterr().out.strip().splitlines()[-1])["n"])
    assert sum(counts) == 20 and all(counts)


def test_eval_bad_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.jsonl"
    path.write_text('{"id": "a", "text": "x", "labels": {"SPY": "bullish"}}\n')
    assert run(["sentiment", "eval", str(path)]) == 2
    assert "line 1" in capsys.readouterr().err
