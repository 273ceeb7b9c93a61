"""The user's notes in reading order, and as one Markdown file (no Qt).

A student reads an article top to bottom, so its notes are listed in the order of its
sections, not by date; the Markdown export groups them the same way (article, then section),
each with a ``peptide-desk://`` link back to its place, and substances after the articles.
The window writes the file with ``atomic.write_text``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from peptide_desk.links import app_url, parse_target
from peptide_desk.records import Article
from peptide_desk.store import Store
from peptide_desk.userdata import Note, UserData


def section_order(article: Article) -> dict[str, int]:
    """Position of each section anchor in the article (an unknown anchor sorts last)."""
    return {s.anchor: i for i, s in enumerate(article.sections)}


def in_reading_order(notes: Iterable[Note], article: Article) -> list[Note]:
    """The notes on ``article``'s sections in the order the sections are read."""
    order = section_order(article)
    return sorted(notes, key=lambda n: (order.get(parse_target(n.target).anchor, len(order)),
                                        n.target))


def _md_text(text: str) -> str:
    """Text as a Markdown paragraph: lines kept, nothing read as a heading or a list."""
    lines = (line.rstrip() for line in text.strip().splitlines())
    return "\n".join(("\\" + line) if line[:1] in "#>-+*|" else line for line in lines)


def _md_heading(text: str) -> str:
    """A title on one line, with nothing Markdown would read as a link or emphasis."""
    flat = " ".join(text.split())
    for ch in "\\[]*_`<":
        flat = flat.replace(ch, "\\" + ch)
    return flat


def _section_title(article: Article, anchor: str, fallback: str) -> str:
    sec = next((s for s in article.sections if s.anchor == anchor), None)
    if sec is not None:
        return sec.title
    return fallback.split(" — ", 1)[-1] if " — " in fallback else (fallback or article.title)


def notes_markdown(notes: Iterable[Note], articles: Mapping[str, Article],
                   names: Mapping[str, str], title: str = "Peptide Desk notes") -> str:
    """One Markdown document: ``# title``; per article (library order, then any other) a
    ``##`` heading and per section a ``###`` heading with its link and the note; then the
    substances (``names``: id → name) the same way. ``articles`` maps id → Article."""
    by_article: dict[str, list[Note]] = {}
    others: list[Note] = []
    for note in notes:
        t = parse_target(note.target)
        (by_article.setdefault(t.ident, []) if t.scheme == "article" else others).append(note)
    out = [f"# {_md_heading(title)}", ""]
    for ident in sorted(by_article, key=lambda i: (i not in articles, list(articles).index(i)
                                                   if i in articles else 0, i)):
        article = articles.get(ident)
        group = by_article[ident]
        if article is None:
            out += [f"## {_md_heading(group[0].title.split(' — ')[0])}", ""]
            ordered = sorted(group, key=lambda n: n.target)
        else:
            out += [f"## {_md_heading(article.title)}", ""]
            ordered = in_reading_order(group, article)
        for note in ordered:
            anchor = parse_target(note.target).anchor
            heading = _section_title(article, anchor, note.title) if article else note.title
            out += [f"### {_md_heading(heading)}", "",
                    f"[Open in Peptide Desk](<{app_url(note.target)}>)", "",
                    _md_text(note.body), ""]
    if others:
        out += ["## Substances", ""]
        for note in sorted(others, key=lambda n: names.get(parse_target(n.target).ident,
                                                           n.title).lower()):
            name = names.get(parse_target(note.target).ident, note.title)
            out += [f"### {_md_heading(name)}", "",
                    f"[Open in Peptide Desk](<{app_url(note.target)}>)", "",
                    _md_text(note.body), ""]
    if not by_article and not others:
        out += ["No notes yet.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def export_notes_markdown(store: Store, user: UserData) -> str:
    """Every note the user wrote, as :func:`notes_markdown` lays them out."""
    articles = {a.id: art for a in store.articles() if (art := store.article(a.id))}
    names = {s.id: s.name for s in store.substances()}
    return notes_markdown(user.notes(), articles, names)
