"""Label safety on the pages: the strip under a title, the full section, check notes (no Qt).

A clinician must never scroll for a boxed warning, so the strip comes directly under the
title and badges: the boxed warning in a framed box (word and symbol, never colour alone),
the contraindications, one status line per regulator with its check date, then a link to
the full Safety section further down.
"""

from __future__ import annotations

from peptide_desk.badges import BOXED, WARNING_SIGN, badge_html, regulator_colour
from peptide_desk.page_parts import Citer, esc
from peptide_desk.records import (
    SAFETY_KIND_LABELS,
    DrugClass,
    Regulatory,
    Safety,
    SafetyItem,
    Substance,
    a_year_before,
    date_key,
)
from peptide_desk.themes import Palette

#: Kinds summarised in the strip's one-line "Key warnings" list (titles only).
STRIP_SUMMARY_KINDS = ("warning", "limitation", "schedule", "anti-doping")
NO_LABEL_TEXT = ("No approved label: there is no prescribing information for this agent, "
                 "so no labelled warnings exist. The points below are known human safety "
                 "signals and regulatory facts, not a label.")
CHECKS_TARGET = "disclose:checks"


def _titles(items: tuple[SafetyItem, ...]) -> str:
    return "; ".join(esc(i.title) for i in items)


def _refs(items: tuple[SafetyItem, ...]) -> list[str]:
    return [k for i in items for k in i.refs]


def boxed_box(items: tuple[SafetyItem, ...], citer: Citer) -> str:
    """The boxed warning(s) in a framed box titled 'Boxed warning'."""
    if not items:
        return ""
    body = "".join(f"<p><b>{esc(i.title)}.</b> {citer.after(esc(i.text), i.refs)}</p>"
                   for i in items)
    return ('<table class="boxed" width="100%" cellspacing="0" cellpadding="0"><tr>'
            f'<td class="boxed-body"><p class="boxed-title">{BOXED}</p>'
            f"{body}</td></tr></table>")


def regulator_badge(reg: Regulatory, pal: Palette) -> str:
    """A regulator's status as a badge in its status's colour (badges.regulator_colour: an
    approval only in the approved colour when confirmed), saying so when not confirmed."""
    label = reg.status_text if reg.confirmed else f"{reg.status_text} — not confirmed"
    return badge_html(regulator_colour(reg), label, pal)


def check_date(checked: str, content_as_of: str) -> str:
    """'status checked <date>', flagged in words when it is more than a year old."""
    line = f"status checked {esc(checked or 'unknown')}"
    if checked and content_as_of and date_key(checked) < a_year_before(content_as_of):
        line += " — over a year before the content date; may be out of date"
    return f'<span class="muted">{line}</span>'


def status_lines(sub: Substance, citer: Citer, pal: Palette, content_as_of: str = "") -> str:
    """One line per regulator: status badge, date of the event, the date it was checked."""
    out = []
    for name, reg in (("FDA (US)", sub.fda), ("EMA (EU)", sub.ema)):
        when = f" · {esc(reg.date)}" if reg.date else ""
        out.append(f'<p class="safety-line"><b>{name}:</b> {regulator_badge(reg, pal)}{when}'
                   f" · {check_date(reg.checked, content_as_of)}{citer.sup(reg.refs)}</p>")
    return "\n".join(out)


def safety_strip(safety: Safety | None, citer: Citer) -> str:
    """Boxed warning, contraindications and the key warnings in one line, for the top."""
    if safety is None:
        return ('<p class="safety-line"><b>Safety:</b> no safety information is recorded '
                "for this entry.</p>")
    out = [boxed_box(safety.boxed, citer)]
    if safety.label == "approved" and not safety.boxed:
        out.append('<p class="safety-line"><b>Boxed warning:</b> none in the label.</p>')
    if safety.label == "none":
        signals = safety.of_kind("signal")
        known = (f"Known human safety signals: {citer.after(_titles(signals), _refs(signals))}."
                 if signals else "No human safety data were found for this agent.")
        out.append(f'<p class="safety-line"><b>{WARNING_SIGN} No approved label.</b> {known}</p>')
    contra = safety.of_kind("contraindication")
    if contra:
        out.append(f'<p class="safety-line"><b>Contraindications:</b> '
                   f"{citer.after(_titles(contra), _refs(contra))}</p>")
    for kind in STRIP_SUMMARY_KINDS:
        items = safety.of_kind(kind)
        if items:
            label = "Key warnings" if kind == "warning" else SAFETY_KIND_LABELS[kind]
            out.append(f'<p class="safety-line"><b>{esc(label)}:</b> '
                       f"{citer.after(_titles(items), _refs(items))}</p>")
    return "\n".join(part for part in out if part)


def safety_section(safety: Safety | None, citer: Citer) -> str:
    """The full Safety section: every item under its kind, each with sources and check date."""
    if safety is None:
        return ""
    out = ['<h2><a name="safety"></a>Safety</h2>']
    if safety.label == "approved":
        out.append(f'<p class="muted">From the approved label: {esc(safety.label_source)}. '
                   "Check the current local prescribing information.</p>")
    else:
        out.append(f"<p>{esc(NO_LABEL_TEXT)}</p>")
    if safety.note:
        out.append(f"<p>{esc(safety.note)}</p>")
    for kind, label in SAFETY_KIND_LABELS.items():
        items = safety.of_kind(kind)
        if not items:
            continue
        out.append(f"<h3>{WARNING_SIGN + ' ' if kind == 'boxed-warning' else ''}"
                   f"{esc(label)}</h3>")
        rows = "".join(_item_html(i, citer) for i in items)
        out.append(f"<ul>{rows}</ul>")
    return "\n".join(out)


def _item_html(item: SafetyItem, citer: Citer) -> str:
    unconfirmed = "" if item.confirmed else " <i>(unconfirmed: no page showing it was found)</i>"
    return (f"<li><b>{esc(item.title)}.</b> {citer.after(esc(item.text), item.refs)}"
            f'{unconfirmed} <span class="muted">Checked {esc(item.checked)}.</span></li>')


def checks_disclosure(notes: tuple[str, ...], opened: bool, extra: tuple[str, ...] = ()) -> str:
    """'How this was checked': collapsed to one link by default, the notes when opened."""
    lines = (*extra, *notes)
    if not lines:
        return ""
    if not opened:
        return (f'<p class="muted"><a href="{CHECKS_TARGET}">▸ How this was checked</a> '
                f"({len(lines)} note{'s' if len(lines) != 1 else ''})</p>")
    items = "".join(f"<li>{esc(n)}</li>" for n in lines)
    return (f'<h2><a name="checks"></a>How this was checked</h2>\n'
            f'<p class="muted"><a href="{CHECKS_TARGET}">▾ Hide these notes</a></p>'
            f"\n<ul>{items}</ul>")


def substance_check_lines(sub: Substance) -> tuple[str, ...]:
    """Generated notes on what was checked when, shown first in the disclosure."""
    out = [f"Regulatory status last checked: FDA {sub.fda.checked or 'unknown'}, "
           f"EMA {sub.ema.checked or 'unknown'}."]
    if sub.safety is not None and sub.safety.items:
        out.append(f"Safety items checked between {sub.safety.checked} and "
                   f"{max(i.checked for i in sub.safety.items)}; each item shows its own date.")
    for name, reg in (("FDA", sub.fda), ("EMA", sub.ema)):
        if not reg.confirmed:
            out.append(f"The {name} status could not be confirmed on a primary page.")
    if sub.safety is not None:
        out.extend(sub.safety.check_notes)
    return tuple(out)


def class_safety(cls: DrugClass, citer: Citer) -> str:
    """Class-level safety strip and section (a class without a block shows nothing)."""
    if cls.safety is None:
        return ""
    return safety_strip(cls.safety, citer)
