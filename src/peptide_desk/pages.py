"""HTML for every page the reading browser shows, and for print (no Qt, no SQL).

Pages are composed from typed records (store.py) and styled by themes.reading_css();
only badge colours are inline. Internal links use the app's targets (article:ID#anchor,
substance:ID, class:ID, glossary:ID, ref:KEY, view:NAME, compare:ID).
"""

from __future__ import annotations

from peptide_desk.badges import (
    NEUTRAL,
    badge_html,
    evidence_badge,
    status_badge,
    verification_badge,
)
from peptide_desk.keymap import key
from peptide_desk.page_parts import (
    KIND_LABELS,
    Citer,
    attribute_table,
    box,
    cited_keys,
    esc,
    figures_list,
    identifier_links,
    mentions_list,
    minutes_line,
    multiline,
    reference_item,
    references_section,
    substance_badges,
    tiers_label,
)
from peptide_desk.page_safety import (
    checks_disclosure,
    safety_section,
    safety_strip,
    status_lines,
    substance_check_lines,
)
from peptide_desk.records import (
    EVIDENCE_LABELS,
    TIER_LABELS,
    UNAPPROVED_USE,
    VERIFICATION_HELP,
    VERIFICATION_LABELS,
    Article,
    DrugClass,
    GlossaryTerm,
    Reference,
    Regulatory,
    Substance,
)
from peptide_desk.store import Store
from peptide_desk.themes import Palette

__all__ = [
    "article_html", "class_html", "glossary_index_html", "home_html",
    "library_html", "print_article_html", "print_substance_html", "reference_html",
    "references_index_html", "substance_html", "substances_index_html", "term_html",
]


# --- articles ------------------------------------------------------------------------------
def article_cited(article: Article, tier: str) -> list[tuple[int, str]]:
    """(number, key) of the references cited in the sections shown at ``tier``."""
    shown: set[str] = set()
    for sec in article.sections_for(tier):
        shown |= cited_keys(sec.html)
    return [(n, k) for n, k in article.citations if k in shown]


def _article_body(store: Store, article: Article, tier: str, pal: Palette,
                  checks_open: bool = True) -> str:
    """Title, meta line, summary, the sections of ``tier`` and below, and their references."""
    out = [f"<h1>{esc(article.title)}</h1>",
           f'<p class="meta">Content as of {esc(article.as_of)} · '
           f"{article.minutes_for(tier)} min read ({tiers_label(tier)})</p>",
           f'<p class="lead">{esc(article.summary)}</p>']
    current = ""
    for sec in article.sections_for(tier):
        if sec.tier != current:
            current = sec.tier
            out.append(f'<p class="tier-label">{TIER_LABELS.get(current, current)}</p>')
        out.append(sec.html)
    out.append(checks_disclosure(article.check_notes, checks_open))
    out.append(references_section(store, article_cited(article, tier), pal))
    return "\n".join(part for part in out if part)


def article_html(store: Store, article: Article, tier: str, pal: Palette,
                 checks_open: bool = False) -> str:
    """An article at a reading tier, then how it was checked (collapsed), its references
    and the short disclaimer."""
    return (_article_body(store, article, tier, pal, checks_open)
            + f'\n<hr>\n<p class="muted">{esc(store.site().disclaimer_short)}</p>')


def print_article_html(store: Store, article: Article, tier: str, pal: Palette) -> str:
    """An article for print: header line, the same content, the full disclaimer."""
    return _print_page(store, _article_body(store, article, tier, pal))


def _print_page(store: Store, body: str) -> str:
    site = store.site()
    return (f'<p class="meta">{esc(site.title)} · content as of {esc(site.content_as_of)}</p>\n'
            f"{body}\n<hr>\n<h2>Disclaimer</h2>\n{site.disclaimer_html}")


# --- substances ----------------------------------------------------------------------------
def _regulatory_row(name: str, reg: Regulatory, citer: Citer) -> str:
    unconfirmed = "" if reg.confirmed else " <i>(not confirmed)</i>"
    return (f"<tr><th>{name}</th><td><b>{esc(reg.status_text)}</b>{unconfirmed}</td>"
            f"<td>{esc(reg.date) or '—'}</td><td>{esc(reg.checked) or '—'}</td>"
            f"<td>{citer.after(esc(reg.detail), reg.refs)}</td></tr>")


def _regulatory(sub: Substance, citer: Citer) -> str:
    head = ("<tr><th>Regulator</th><th>Status</th><th>Date</th><th>Checked</th>"
            "<th>Detail</th></tr>")
    rows = (_regulatory_row("FDA (US)", sub.fda, citer)
            + _regulatory_row("EMA (EU)", sub.ema, citer))
    return (f"<h2>Regulatory status</h2>\n"
            f'<table class="data" width="100%" cellspacing="0" cellpadding="6">{head}{rows}'
            f"</table>\n"
            f'<p class="muted">Status checked {esc(sub.status_checked)} (the older of the two '
            "checks). Approval and indications differ by country; check local prescribing "
            "information.</p>")


def _dosing(store: Store, sub: Substance, citer: Citer) -> str:
    if sub.dosing is None:
        return ("<h2>Dosing as reported</h2>\n"
                "<p>No dosing is shown: no checked source gives one.</p>")
    ref = store.reference(sub.dosing.source)
    source = ref.short_citation if ref else sub.dosing.source
    return ("<h2>Dosing as reported</h2>\n"
            f"<p><b>As reported in {esc(source)}{citer.sup([sub.dosing.source])}; "
            f"not a dosing recommendation.</b> {esc(sub.dosing.text)}</p>")


def _substance_attributes(sub: Substance, citer: Citer) -> str:
    def cell(column: str, value: str) -> str:
        return citer.after(esc(value), sub.refs_for(column)) if value else ""

    names = []
    if sub.brand_names:
        names.append(("Brand names", esc(", ".join(sub.brand_names))))
    if sub.synonyms:
        names.append(("Also called", esc(", ".join(sub.synonyms))))
    return attribute_table([
        ("Class", f'<a href="class:{esc(sub.class_id)}">{esc(sub.class_name)}</a>'),
        *names,
        ("Mechanism", cell("mechanism", sub.mechanism)),
        ("Receptor / target", cell("receptor", sub.receptor)),
        ("Target organs", cell("target_organs", sub.target_organs)),
        ("Route", cell("route", sub.route)),
        ("Dosing frequency", cell("dosing_frequency", sub.dosing_frequency)),
        ("Effect on insulin sensitivity", cell("insulin_effect", sub.insulin_effect)),
    ])


def _related(store: Store, sub: Substance, pal: Palette) -> str:
    known = {s.id: s for s in store.substances()}
    items = [f'<li><a href="substance:{esc(r.id)}">{esc(r.name)}</a> '
             f"{status_badge(r.status, pal)}</li>"
             for r in (known.get(rid) for rid in sub.related) if r is not None]
    return f"<h2>Related substances</h2>\n<ul>{''.join(items)}</ul>" if items else ""


def _substance_body(store: Store, sub: Substance, pal: Palette, note: str | None,
                    interactive: bool, checks_open: bool = False) -> str:
    """Everything on a substance page, safety first, ending with its references."""
    citer = Citer()
    out = [f"<h1>{esc(sub.name)}</h1>", f"<p>{substance_badges(sub, pal)}</p>",
           safety_strip(sub.safety, citer),
           status_lines(sub, citer, pal, store.site().content_as_of)]
    if sub.safety is not None and interactive:
        out.append('<p><a href="#safety">Full safety information ›</a></p>')
    out += [f'<p class="lead">{esc(sub.summary)}</p>', _substance_attributes(sub, citer),
            _regulatory(sub, citer), _dosing(store, sub, citer)]
    out.append(safety_section(sub.safety, citer))
    if sub.cautions:
        items = "".join(f"<li>{esc(c)}</li>" for c in sub.cautions)
        out.append(f"<h2>Cautions</h2>\n<ul>{items}</ul>")
    if sub.key_figures:
        out.append(f"<h2>Key figures</h2>\n{figures_list(sub.key_figures, citer)}")
    out.append(_off_label(sub, citer, pal))
    out.append(f"<h2>Where it is discussed</h2>\n{mentions_list(sub.mentions)}")
    out.append(_related(store, sub, pal))
    if interactive:
        out.append(f'<p><a href="compare:{esc(sub.id)}">Compare {esc(sub.name)} with…</a></p>')
    if note:
        out.append(box("note", "Your note", f"<p>{multiline(note)}</p>"))
    out.append(checks_disclosure(sub.check_notes, checks_open or not interactive,
                                 substance_check_lines(sub)))
    out.append(references_section(store, citer.numbered(sub.refs), pal))
    return "\n".join(part for part in out if part)


def _off_label(sub: Substance, citer: Citer, pal: Palette) -> str:
    """Off-label use for an approved product; for an unapproved agent, say every use is."""
    if not sub.is_labelled:
        return (f"<h2>Approval of use</h2>\n<p>{badge_html(NEUTRAL, UNAPPROVED_USE, pal)} "
                f"{esc(sub.name)} has no approved use in the US or the EU, so every use is "
                "outside an approval; 'off-label' does not apply.</p>")
    if not sub.off_label:
        return ""
    return (f"<h2>Off-label use</h2>\n<p>{badge_html('off-label', 'Off-label', pal)} "
            f"{citer.after(esc(sub.off_label), sub.refs_for('off_label'))}</p>")


def substance_html(store: Store, substance: Substance, pal: Palette,
                   note: str | None = None, checks_open: bool = False) -> str:
    """A substance page: safety strip, status lines, attributes, regulation, dosing as
    reported, the full safety section, how it was checked (collapsed), references."""
    return _substance_body(store, substance, pal, note, True, checks_open)


def print_substance_html(store: Store, substance: Substance, pal: Palette,
                         note: str | None = None) -> str:
    """A substance page for print, with header line and the full disclaimer."""
    return _print_page(store, _substance_body(store, substance, pal, note, interactive=False))


# --- classes -------------------------------------------------------------------------------
def _members(store: Store, cls: DrugClass, pal: Palette) -> str:
    known = {s.id: s for s in store.substances()}
    ids = list(cls.members) or [s.id for s in known.values() if s.class_id == cls.id]
    rows = "".join(
        f'<tr><td><a href="substance:{esc(s.id)}">{esc(s.name)}</a></td>'
        f"<td>{status_badge(s.status, pal)}</td>"
        f"<td>{esc(EVIDENCE_LABELS.get(s.evidence_level, s.evidence_level))}</td></tr>"
        for s in (known.get(i) for i in ids) if s is not None)
    if not rows:
        return "<h2>Members</h2>\n<p class='muted'>No substance pages in this class.</p>"
    head = "<tr><th>Substance</th><th>Regulatory status</th><th>Evidence</th></tr>"
    return (f"<h2>Members</h2>\n<table class=\"data\" width=\"100%\" cellspacing=\"0\" "
            f'cellpadding="6">{head}{rows}</table>')


def class_html(store: Store, cls: DrugClass, pal: Palette, checks_open: bool = False) -> str:
    """A drug-class page: class-level safety first, shared properties, members with their
    status, the full class safety section, how it was checked, references."""
    citer = Citer()

    def cell(column: str, value: str) -> str:
        return citer.after(esc(value), cls.refs_for(column)) if value else ""

    out = [f"<h1>{esc(cls.name)}</h1>", '<p class="meta">Drug class</p>']
    if cls.safety is not None:
        out += [safety_strip(cls.safety, citer),
                '<p><a href="#safety">Class safety information ›</a></p>']
    out.append(f'<p class="lead">{esc(cls.summary)}</p>')
    if cls.synonyms:
        out.append(f'<p class="muted">Also called: {esc(", ".join(cls.synonyms))}</p>')
    out.append(attribute_table([
        ("Mechanism", cell("mechanism", cls.mechanism)),
        ("Receptor / target", cell("targets", cls.targets)),
        ("Target organs", cell("target_organs", cls.target_organs)),
        ("Route", cell("route", cls.route)),
        ("Dosing frequency", cell("dosing_frequency", cls.dosing_frequency)),
        ("Effect on insulin sensitivity", cell("insulin_effect", cls.insulin_effect)),
    ]))
    if cls.key_figure is not None:
        out.append(f"<h2>Key figure</h2>\n{figures_list([cls.key_figure], citer)}")
    if cls.off_label:
        out.append(f"<h2>Off-label use</h2>\n"
                   f"<p>{citer.after(esc(cls.off_label), cls.refs_for('off_label'))}</p>")
    out.append(_members(store, cls, pal))
    out.append(safety_section(cls.safety, citer))
    out.append(f"<h2>Where it is discussed</h2>\n{mentions_list(cls.mentions)}")
    out.append(checks_disclosure(cls.check_notes, checks_open,
                                 cls.safety.check_notes if cls.safety else ()))
    out.append(references_section(store, citer.numbered(cls.refs), pal))
    return "\n".join(part for part in out if part)


# --- glossary and references ---------------------------------------------------------------
def term_html(store: Store, term: GlossaryTerm, pal: Palette) -> str:
    """A glossary entry: term, expansion, definition, synonyms, see-also links."""
    out = [f"<h1>{esc(term.term)}</h1>", '<p class="meta">Glossary</p>']
    if term.expansion:
        out.append(f'<p class="lead">{esc(term.expansion)}</p>')
    out.append(f"<p>{esc(term.definition)}</p>")
    if term.synonyms:
        out.append(f'<p><b>Also written:</b> {esc(", ".join(term.synonyms))}</p>')
    links = [f'<a href="glossary:{esc(t.id)}">{esc(t.term)}</a>'
             for t in (store.term(tid) for tid in term.see_also) if t is not None]
    if links:
        out.append(f"<p><b>See also:</b> {', '.join(links)}</p>")
    out.append('<p class="muted"><a href="view:glossary">All glossary terms</a></p>')
    return "\n".join(out)


def _citing_places(store: Store, key: str) -> str:
    """Articles, sections and substance pages that cite ``key``."""
    items = []
    for summary in store.articles():
        art = store.article(summary.id)
        secs = [s for s in (art.sections if art else ()) if key in cited_keys(s.html)]
        if secs:
            links = ", ".join(f'<a href="article:{esc(summary.id)}#{esc(s.anchor)}">'
                              f"{esc(s.title)}</a>" for s in secs)
            items.append(f"<li><b>{esc(summary.title)}</b>: {links}</li>")
    subs = [s for s in store.substances() if key in s.refs]
    if subs:
        links = ", ".join(f'<a href="substance:{esc(s.id)}">{esc(s.name)}</a>' for s in subs)
        items.append(f"<li><b>Substance pages</b>: {links}</li>")
    return f"<h2>Cited in</h2>\n<ul>{''.join(items)}</ul>" if items else ""


def reference_html(store: Store, ref: Reference, pal: Palette) -> str:
    """A reference: full citation, what its verification status means, identifiers."""
    out = [f"<h1>{esc(ref.title)}</h1>",
           f'<p class="meta">{esc(KIND_LABELS.get(ref.kind, "Reference"))} · '
           f"{esc(ref.short_citation)}</p>",
           f'<p class="lead">{esc(ref.citation)}</p>',
           f"<p>{verification_badge(ref.status, pal)} "
           f"{esc(VERIFICATION_HELP.get(ref.status, '').capitalize())}.</p>"]
    if ref.note:
        out.append(box("caveat", "Note on this reference", f"<p>{esc(ref.note)}</p>"))
    linked = dict(identifier_links(ref))
    ids = [("DOI", linked.get("DOI", "")), ("PMID", linked.get("PMID", "")),
           ("PMCID", linked.get("PMCID", "")),
           ("Web page", f'<a href="{esc(ref.url)}">{esc(ref.url)}</a>' if ref.url else "")]
    if any(value for _, value in ids):
        out.append(attribute_table(ids))
    if ref.as_cited:
        items = "".join(f"<li>{esc(text)}</li>" for text in ref.as_cited)
        out.append(f"<h2>As cited in the source article</h2>\n<ul>{items}</ul>")
    out.append(_citing_places(store, ref.key))
    out.append('<p class="muted"><a href="view:references">All references</a></p>')
    return "\n".join(part for part in out if part)


def glossary_index_html(store: Store, pal: Palette) -> str:
    """Every glossary term A–Z, grouped by initial, with its definition."""
    terms = store.glossary()
    out = ["<h1>Glossary</h1>",
           f'<p class="meta">{len(terms)} terms, A–Z. Underlined words in the articles open '
           "their entry.</p>"]
    initial = ""
    for t in terms:
        first = t.term[:1].upper() if t.term[:1].isalpha() else "#"
        if first != initial:
            initial = first
            out.append(f"<h2>{esc(initial)}</h2>")
        expansion = f" ({esc(t.expansion)})" if t.expansion else ""
        out.append(f'<p><a href="glossary:{esc(t.id)}"><b>{esc(t.term)}</b></a>{expansion}: '
                   f"{esc(t.definition)}</p>")
    return "\n".join(out)


def references_index_html(store: Store, pal: Palette) -> str:
    """All references grouped by verification status, with counts at the top."""
    refs = store.references()
    groups: dict[str, list[Reference]] = {s: [] for s in VERIFICATION_LABELS}
    for ref in refs:
        groups.setdefault(ref.status, []).append(ref)
    counts = " · ".join(f"{verification_badge(s, pal)} {len(rs)}" for s, rs in groups.items())
    out = ["<h1>References</h1>",
           f'<p class="meta">{len(refs)} references, each with its verification status: what '
           "kind of page showed it, or that none was found.</p>",
           f"<p>{counts}</p>"]
    for status, members in groups.items():
        if not members:
            continue
        label = VERIFICATION_LABELS.get(status, status)
        out.append(f"<h2>{esc(label)} ({len(members)})</h2>")
        out.append(f'<p class="muted">{esc(VERIFICATION_HELP.get(status, "").capitalize())}.'
                   "</p>")
        out.extend(reference_item(None, r, r.key, pal) for r in members)
    return "\n".join(out)


# --- library and home ------------------------------------------------------------------------
def substances_index_html(store: Store, pal: Palette) -> str:
    """Substances grouped by class, each with its status and evidence badges."""
    subs = store.substances()
    out = ["<h2>Substances by class</h2>"]
    groups = [(f'<a href="class:{esc(c.id)}">{esc(c.name)}</a>',
               [s for s in subs if s.class_id == c.id])
              for c in sorted(store.classes(), key=lambda c: c.name.casefold())]
    classed = {s.id for _, members in groups for s in members}
    groups.append(("Other substances", [s for s in subs if s.id not in classed]))
    for heading, members in groups:
        if not members:
            continue
        items = "".join(f'<li><a href="substance:{esc(s.id)}"><b>{esc(s.name)}</b></a> '
                        f"{status_badge(s.status, pal)} {evidence_badge(s.evidence_level, pal)}"
                        "</li>" for s in members)
        out.append(f"<h3>{heading}</h3>\n<ul>{items}</ul>")
    return "\n".join(out)


def library_html(store: Store, pal: Palette) -> str:
    """The articles with summaries and reading times, then the substances by class."""
    out = ["<h1>Library</h1>", "<h2>Articles</h2>"]
    for a in store.articles():
        out.append(f'<p><a href="article:{esc(a.id)}"><b>{esc(a.title)}</b></a><br>'
                   f"{esc(a.summary)}<br>"
                   f'<span class="muted">Reading time: {minutes_line(a.reading_minutes)}'
                   "</span></p>")
    out.append(substances_index_html(store, pal))
    return "\n".join(out)


def _card(title: str, target: str, summary: str, meta: str) -> str:
    return (f'<table class="card" width="100%" cellspacing="0" cellpadding="10"><tr>'
            f'<td class="card"><p class="card-title"><a href="{esc(target)}">{esc(title)}</a>'
            f"</p><p>{esc(summary)}</p><p class=\"muted\">{meta}</p></td></tr></table>")


def home_html(store: Store, pal: Palette) -> str:
    """The start page: what this is, the articles, where to go next, keys, the disclaimer."""
    site = store.site()
    counts = site.counts
    out = [f"<h1>{esc(site.title)}</h1>",
           '<p class="lead">An offline reference on peptide therapies and insulin resistance: '
           "regulatory status, evidence and sources for each agent.</p>",
           f'<p class="meta">Content as of {esc(site.content_as_of)} · '
           f"oldest status check {esc(site.oldest_status_check or '—')} · "
           f"{counts.get('articles', 0)} articles · {counts.get('substances', 0)} substances · "
           f"{counts.get('classes', 0)} classes · {counts.get('glossary', 0)} glossary terms · "
           f"{counts.get('refs', 0)} references</p>",
           "<h2>Articles</h2>"]
    for a in store.articles():
        fundamentals = a.reading_minutes.get("fundamentals", 0)
        total = sum(a.reading_minutes.values())
        out.append(_card(a.title, f"article:{a.id}", a.summary,
                         f"Fundamentals {fundamentals} min · all tiers {total} min"))
    out.append("<h2>Go to</h2>\n<p>"
               '<a href="view:compare">Compare substances</a> · '
               '<a href="view:charts">Charts</a> · '
               '<a href="view:glossary">Glossary</a> · '
               '<a href="view:references">References</a> · '
               '<a href="view:library">Library</a></p>')
    out.append("<h2>How to use</h2>\n"
               f"<p>Search with <b>{key('search')}</b>. Choose the reading level with "
               f"<b>{key('tier-fundamentals')}</b> (Fundamentals), "
               f"<b>{key('tier-intermediate')}</b> (+ Intermediate) or "
               f"<b>{key('tier-academic')}</b> (+ Academic). Present with "
               f"<b>{key('present')}</b>. All shortcuts: <b>{key('shortcuts')}</b>.</p>")
    out.append(box("note", "Before you use this reference", site.disclaimer_html))
    return "\n".join(out)
