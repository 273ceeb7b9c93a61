"""What changed between two content databases, and the "What's new" page (no Qt).

Compared record by record: substances (regulatory status, each agency's status and check
date, every safety item), new and removed substances, article sections by the SHA-256 of
their HTML, and references (new, corrected: any field changed, removed). The page shows
each change old → new side by side and links to everything that still exists.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peptide_desk.records import Regulatory, Safety, Substance
    from peptide_desk.store import Store

#: (what, old, new) of one changed value.
Change = tuple[str, str, str]


@dataclass(frozen=True)
class Diff:
    """Everything that differs, in content order; empty lists mean no change there."""

    substances: list[tuple[str, str, list[Change]]] = field(default_factory=list)
    new_substances: list[tuple[str, str]] = field(default_factory=list)
    removed_substances: list[tuple[str, str]] = field(default_factory=list)
    sections: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    new_refs: list[tuple[str, str]] = field(default_factory=list)
    corrected_refs: list[tuple[str, str, list[str]]] = field(default_factory=list)
    removed_refs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


def diff(old: Store, new: Store) -> Diff:
    """What ``new`` changes relative to ``old``."""
    out = Diff()
    _substances(old, new, out)
    _sections(old, new, out)
    _references(old, new, out)
    return out


def diff_files(old: Path, new: Store) -> Diff:
    """The same, reading the old content from its file (opened read-only, then closed)."""
    from peptide_desk.store import Store

    before = Store(old)
    try:
        return diff(before, new)
    finally:
        before.close()


def _substances(old: Store, new: Store, out: Diff) -> None:
    before = {s.id: s for s in old.substances()}
    after = {s.id: s for s in new.substances()}
    for sid, sub in after.items():
        if sid not in before:
            out.new_substances.append((sid, sub.name))
        elif changes := substance_changes(before[sid], sub):
            out.substances.append((sid, sub.name, changes))
    out.removed_substances.extend((sid, s.name) for sid, s in before.items() if sid not in after)


def substance_changes(old: Substance, new: Substance) -> list[Change]:
    """The regulatory and safety values that differ between two versions of a substance."""
    from peptide_desk.records import STATUS_LABELS

    found: list[Change] = []
    if old.status != new.status:
        found.append(("Regulatory status", STATUS_LABELS.get(old.status, old.status),
                      STATUS_LABELS.get(new.status, new.status)))
    for agency, a, b in (("FDA", old.fda, new.fda), ("EMA", old.ema, new.ema)):
        found += _regulatory(agency, a, b)
    found += _safety(old.safety, new.safety)
    return found


def _regulatory(agency: str, a: Regulatory, b: Regulatory) -> list[Change]:
    found = []
    for what, x, y in (("status", a.status, b.status), ("detail", a.detail, b.detail),
                       ("date", a.date, b.date), ("check date", a.checked, b.checked)):
        if x != y:
            found.append((f"{agency} {what}", x or "—", y or "—"))
    return found


def _safety(a: Safety | None, b: Safety | None) -> list[Change]:
    from peptide_desk.records import SAFETY_KIND_LABELS

    def items(s: Safety | None) -> dict[tuple[str, str], tuple[str, str]]:
        return {(i.kind, i.title): (i.text, i.checked) for i in (s.items if s else ())}

    before, after = items(a), items(b)
    found = []
    for key in [*after, *(k for k in before if k not in after)]:
        x, y = before.get(key), after.get(key)
        if x == y:
            continue
        what = f"{SAFETY_KIND_LABELS.get(key[0], key[0])}: {key[1]}"
        if x and y and x[0] == y[0]:
            found.append((f"{what} (check date)", x[1] or "—", y[1] or "—"))
        else:
            found.append((what, x[0] if x else "(not listed)", y[0] if y else "(removed)"))
    return found


def _sections(old: Store, new: Store, out: Diff) -> None:
    before, after = old.section_digests(), new.section_digests()
    for (aid, anchor), (article, title, digest) in after.items():
        was = before.get((aid, anchor))
        if was is None:
            out.sections.append((aid, anchor, article, title, "new"))
        elif was[2] != digest:
            out.sections.append((aid, anchor, article, title, "changed"))
    out.sections.extend((aid, anchor, art, title, "removed")
                        for (aid, anchor), (art, title, _) in before.items()
                        if (aid, anchor) not in after)


def _references(old: Store, new: Store, out: Diff) -> None:
    before = {r.key: r for r in old.references()}
    after = {r.key: r for r in new.references()}
    for key, ref in after.items():
        was = before.get(key)
        if was is None:
            out.new_refs.append((key, ref.citation))
        elif was != ref:
            changed = [f.name for f in fields(ref) if getattr(was, f.name) != getattr(ref, f.name)]
            out.corrected_refs.append((key, ref.citation, changed))
    out.removed_refs.extend((k, r.citation) for k, r in before.items() if k not in after)


def summary(result: Diff) -> str:
    """One line for the command line: how many of each kind of change."""
    counts = [(len(result.substances), "substance(s) with status or safety changes"),
              (len(result.new_substances), "new substance(s)"),
              (len(result.removed_substances), "removed substance(s)"),
              (len(result.sections), "article section(s) changed"),
              (len(result.new_refs), "new reference(s)"),
              (len(result.corrected_refs), "corrected reference(s)"),
              (len(result.removed_refs), "removed reference(s)")]
    said = [f"{n} {what}" for n, what in counts if n]
    return "What's new: " + (", ".join(said) if said else "no change in the content") + "."


def _esc(text: object) -> str:
    return html.escape(str(text))


def page_html(result: Diff, before: str, now: str) -> str:
    """The "What's new" page: ``before`` and ``now`` name the two contents compared."""
    out = ["<h1>What's new</h1>",
           f"<p class='muted'>Changes from {_esc(before)} to {_esc(now)}.</p>"]
    if result.empty:
        out.append("<p>Nothing in the substances, articles or references changed.</p>")
        return "\n".join(out)
    if result.substances:
        out.append("<h2>Substances: regulatory status and safety</h2>")
        for sid, name, changes in result.substances:
            out.append(f"<h3><a href='substance:{_esc(sid)}'>{_esc(name)}</a></h3>")
            out.append('<table class="data" width="100%" cellspacing="0" cellpadding="6">'
                       "<tr><th width='24%'>What</th><th width='38%'>Before</th>"
                       "<th width='38%'>Now</th></tr>")
            out.extend(f"<tr><td>{_esc(w)}</td><td>{_esc(a)}</td><td>{_esc(b)}</td></tr>"
                       for w, a, b in changes)
            out.append("</table>")
    _list(out, "New substances", [f"<a href='substance:{_esc(s)}'>{_esc(n)}</a>"
                                  for s, n in result.new_substances])
    _list(out, "Removed substances", [_esc(n) for _, n in result.removed_substances])
    _list(out, "Articles: sections changed", [
        (f"<a href='article:{_esc(a)}#{_esc(anc)}'>{_esc(art)} — {_esc(t)}</a> "
         if kind != "removed" else f"{_esc(art)} — {_esc(t)} ")
        + f"<span class='muted'>· {kind}</span>" for a, anc, art, t, kind in result.sections])
    _list(out, "New references", [f"<a href='ref:{_esc(k)}'>{_esc(c)}</a>"
                                  for k, c in result.new_refs])
    _list(out, "Corrected references", [
        f"<a href='ref:{_esc(k)}'>{_esc(c)}</a> <span class='muted'>· changed: "
        f"{_esc(', '.join(f))}</span>" for k, c, f in result.corrected_refs])
    _list(out, "Removed references", [_esc(c) for _, c in result.removed_refs])
    return "\n".join(out)


def _list(out: list[str], title: str, items: list[str]) -> None:
    if items:
        out += [f"<h2>{_esc(title)}</h2>", "<ul>", *(f"<li>{i}</li>" for i in items), "</ul>"]


def label(user_dir: Path | None, version: int, date: str = "") -> str:
    """How a content is named on the page: the bundled content, or update N with its date."""
    if not version:
        return "the bundled content" + (f" (as of {date})" if date else "")
    from peptide_desk.packs.state import stored_manifest

    if not date and user_dir is not None:
        try:
            date = stored_manifest(user_dir, version).content_date
        except (OSError, ValueError):
            date = ""
    return f"content update version {version}" + (f" (as of {date})" if date else "")


def whats_new_page(store: Store, bundled: Path, user_dir: Path | None) -> str:
    """The page for ``view:whats-new``: the content in use before the last install (or
    revert) against the content in use now (``store``)."""
    from peptide_desk.packs.state import DB_NAME, pack_dir, read_state, state_path

    if user_dir is None or not state_path(user_dir).exists():
        return ("<h1>What's new</h1><p>No content update has been installed: this is the "
                "content this version of Peptide Desk came with. File → Install content "
                "update… installs one.</p>")
    st = read_state(user_dir)
    old = pack_dir(user_dir, st.before) / DB_NAME if st.before else bundled
    if not old.is_file():
        return ("<h1>What's new</h1><p class='muted'>The content in use before the last update "
                "is no longer on this computer, so the changes cannot be listed.</p>")
    try:
        result = diff_files(old, store)
    except Exception as exc:  # a damaged older file: say so rather than fail the window
        from peptide_desk.store import StoreError

        if not isinstance(exc, StoreError | OSError):
            raise
        return ("<h1>What's new</h1><p class='muted'>The content in use before the last update "
                "cannot be read, so the changes cannot be listed.</p>")
    return page_html(result, label(user_dir, st.before), label(user_dir, st.current))
