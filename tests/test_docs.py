"""Docs that cannot drift: every content field is documented (sqlite-utils' test_docs model)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from peptide_desk.content.articles import FRONT_KEYS
from peptide_desk.content.sources import SAFETY_KINDS, SCHEMAS, Field

REPO = Path(__file__).resolve().parents[1]
FORMAT = (REPO / "docs" / "content-format.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"`([a-z_][a-z0-9_-]*)`", FORMAT))


def fields(schema: dict[str, Field], where: str) -> Iterator[tuple[str, str]]:
    for key, spec in schema.items():
        yield where, key
        if spec.schema:
            yield from fields(spec.schema, f"{where}.{key}")


ALL_FIELDS = sorted({*(f for name, s in SCHEMAS.items() for f in fields(s, name)),
                     *(("article front matter", k) for k in FRONT_KEYS)})


@pytest.mark.parametrize(("where", "key"), ALL_FIELDS)
def test_content_field_is_documented(where: str, key: str) -> None:
    assert key in DOCUMENTED, f"{where}: field `{key}` is not in docs/content-format.md"


@pytest.mark.parametrize("kind", SAFETY_KINDS)
def test_safety_kind_is_documented(kind: str) -> None:
    assert f"| `{kind}` |" in FORMAT, f"safety kind `{kind}` has no row in content-format.md"
