"""Rule ids on the command line: ASCII digits only, so a look-alike digit is a usage error."""

from __future__ import annotations

import argparse

import pytest

from app.cli.alerts import _rule_id


def test_ascii_ids_parse() -> None:
    assert _rule_id("42") == 42


@pytest.mark.parametrize("text", ["²", "٣", "-1", "1e3", "9" * 19, ""])
def test_other_ids_are_a_usage_error(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match="expected a number"):
        _rule_id(text)
