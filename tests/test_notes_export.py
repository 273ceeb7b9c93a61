"""Notes in reading order and as one Markdown file (no Qt)."""

from __future__ import annotations

from peptide_desk.atomic import write_text
from peptide_desk.links import make_target
from peptide_desk.notes_export import in_reading_order, notes_markdown
from peptide_desk.userdata import Note


def _article(store):
    summary = next(a for a in store.articles() if len(store.article(a.id).sections) >= 3)
    return store.article(summary.id)


def test_reading_order_follows_the_sections(store) -> None:
    art = _article(store)
    a, b, c = art.sections[0], art.sections[1], art.sections[2]
    notes = [Note(make_target("article", art.id, s.anchor), s.title, "x", t)
             for s, t in ((c, 3.0), (a, 1.0), (b, 2.0))]
    notes.append(Note(make_target("article", art.id, "gone"), "Gone", "y", 9.0))
    ordered = in_reading_order(notes, art)
    assert [n.target.split("#")[1] for n in ordered] == [a.anchor, b.anchor, c.anchor, "gone"]


def test_markdown_groups_by_article_and_section_with_links(store, tmp_path) -> None:
    art = _article(store)
    s0, s2 = art.sections[0], art.sections[2]
    notes = [Note(make_target("article", art.id, s2.anchor), f"{art.title} — {s2.title}",
                  "# not a heading\nsecond line", 2.0),
             Note(make_target("article", art.id, s0.anchor), f"{art.title} — {s0.title}",
                  "first", 1.0),
             Note("substance:semaglutide", "Semaglutide", "- not a list", 3.0)]
    md = notes_markdown(notes, {art.id: art}, {"semaglutide": "Semaglutide"})
    lines = md.splitlines()
    assert lines[0] == "# Peptide Desk notes"
    assert lines.index(f"## {art.title}") < lines.index(f"### {s0.title}") \
        < lines.index(f"### {s2.title}") < lines.index("## Substances") \
        < lines.index("### Semaglutide")
    assert f"[Open in Peptide Desk](<peptide-desk://article/{art.id}#{s0.anchor}>)" in lines
    assert "[Open in Peptide Desk](<peptide-desk://substance/semaglutide>)" in lines
    assert "\\# not a heading" in lines and "second line" in lines and "\\- not a list" in lines
    assert md.endswith("\n") and not md.endswith("\n\n")
    out = write_text(tmp_path / "notes.md", md)
    assert out.read_text(encoding="utf-8") == md


def test_markdown_without_notes_says_so() -> None:
    assert notes_markdown([], {}, {}) == "# Peptide Desk notes\n\nNo notes yet.\n"
