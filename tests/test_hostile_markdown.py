"""Hostile Markdown: every payload is reported by check-content, and none renders a link out.

Each payload goes into the fixture article (or site.toml's about text), once. Two things
must hold for every one of them:

* ``peptide-desk check-content`` exits 1 and prints ``file:line:`` at the line of the payload
  (the line named by its needle);
* the render path (``ArticleRenderer.section`` for articles, ``inline_markdown`` for
  site.toml) produces HTML whose every ``href``/``src`` is a content record's target or
  ``https://host…``: no other scheme, no relative or protocol-relative address.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from peptide_desk import cli
from peptide_desk.content.articles import parse_article
from peptide_desk.content.render import ArticleRenderer, allowed_url, inline_markdown, sanitise
from peptide_desk.links import CONTENT_SCHEMES, EXTERNAL_SCHEME

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "content"
ARTICLE = "articles/01-gh-basics.md"
ANCHOR_TEXT = "Hypoglycaemia is rare."

#: (id, Markdown inserted as a paragraph after ANCHOR_TEXT, needle on the line to report).
#: A needle of None: the payload's first line.
PAYLOADS: list[tuple[str, str, str | None]] = [
    # inline links: schemes in any case, with whitespace, control and invisible characters
    ("js", "[x](javascript:alert(1))", None),
    ("js-case", "[x](JaVaScRiPt:alert(1))", None),
    ("js-title", '[x](javascript:alert(1) "title")', None),
    ("js-leading-space", "[x]( javascript:alert(1))", None),
    ("js-angle", "[x](<javascript:alert(1)>)", None),
    ("js-tab", "[x](java\tscript:alert(1))", None),
    ("js-control", "[x](java\x01script:alert(1))", None),
    ("js-nul", "[x](\x00javascript:alert(1))", None),
    ("js-zero-width", "[x](java\u200bscript:alert(1))", None),
    ("js-bidi", "[x](\u202ejavascript:alert(1))", None),
    ("js-spaced-colon", "[x](<javascript :alert(1)>)", None),
    ("vbscript", "[x](vbscript:msgbox(1))", None),
    ("data", "[x](data:text/html;base64,PHNjcmlwdD4=)", None),
    ("data-case", "[x](DaTa:text/html,hello)", None),
    ("file", "[x](file:///etc/passwd)", None),
    ("file-case", "[x](FILE:///etc/passwd)", None),
    ("ftp", "[x](ftp://example.org/paper.pdf)", None),
    ("blob", "[x](blob:https://example.org/1234)", None),
    ("mailto", "[x](mailto:someone@example.org)", None),
    ("http", "[x](http://example.org/)", None),
    ("https-case", "[x](HTTPS://example.org/)", None),
    ("https-no-slashes", "[x](https:example.org)", None),
    ("https-no-host", "[x](https:///etc/passwd)", None),
    ("https-space", "[x](<https://example.org/a b>)", None),
    ("percent-scheme", "[x](%6Aavascript:alert(1))", None),
    # HTML entities hiding a scheme
    ("entity-dec", "[x](ja&#118;ascript:alert(1))", None),
    ("entity-hex", "[x](&#x6A;avascript:alert(1))", None),
    ("entity-named", "[x](javascript&colon;alert(1))", None),
    ("entity-tab", "[x](java&Tab;script:alert(1))", None),
    ("entity-raw-text", "See &#106;avascript:alert(1) here.", None),
    # relative and protocol-relative addresses
    ("relative", "[x](other-page.html)", None),
    ("relative-parent", "[x](../../etc/passwd)", None),
    ("absolute-path", "[x](/etc/passwd)", None),
    ("fragment", "[x](#insulin-basics)", None),
    ("protocol-relative", "[x](//evil.example/x)", None),
    ("backslash-host", "[x](\\\\evil.example/share)", None),
    # reference-style links: full, collapsed, shortcut, entity, relative, angle brackets
    ("ref-js", "[x][evil]\n\n[evil]: javascript:alert(1)", "[evil]: javascript"),
    ("ref-file", "[x][f]\n\n[f]: file:///etc/passwd", "[f]: file"),
    ("ref-collapsed", "[evil][]\n\n[evil]: http://example.org/", "[evil]: http"),
    ("ref-shortcut", "[evil]\n\n[evil]: data:text/html,hello", "[evil]: data"),
    ("ref-entity", "[x][e]\n\n[e]: ja&#118;ascript:alert(1)", "[e]: ja&#118;"),
    ("ref-relative", "[x][r]\n\n   [r]: relative/page.html", "[r]: relative"),
    ("ref-protocol-relative", "[x][p]\n\n[p]: <//evil.example/x>", "[p]: <//evil"),
    ("ref-case", "[x][c]\n\n[c]: JAVASCRIPT:alert(1) 'title'", "[c]: JAVASCRIPT"),
    # autolinks
    ("autolink-js", "<javascript:alert(1)>", None),
    ("autolink-http", "<http://example.org/>", None),
    ("autolink-file", "<file:///etc/passwd>", None),
    ("autolink-ftp", "<ftp://example.org/x>", None),
    ("autolink-mailto", "<mailto:someone@example.org>", None),
    ("autolink-email", "<someone@example.org>", None),
    # raw HTML, on one line and over several
    ("html-a", '<a href="javascript:alert(1)">x</a>', None),
    ("html-multiline-a", '<a\nhref="javascript:alert(1)">x</a>', "<a"),
    ("html-multiline-file", '<a\n  href="file:///etc/passwd"\n>x</a>', "<a"),
    ("html-multiline-img", '<img\nsrc="https://example.org/x.png">', "<img"),
    ("html-multiline-iframe", '<iframe\nsrc="//evil.example/">\n</iframe>', "<iframe"),
    ("html-entity-newline", '<a href="java&#x0A;script:alert(1)">x</a>', None),
    ("html-style-url", '<div\nstyle="background:url(file:///etc/passwd)">x</div>', "<div"),
    ("html-comment", '<!--\n<a href="javascript:alert(1)">x</a>\n-->', "<!--"),
    # raw addresses written out in the text
    ("raw-http", "See http://evil.example/x for more.", None),
    ("raw-file", "See file:///etc/passwd for more.", None),
    ("raw-js", "Type javascript:alert(1) in the bar.", None),
    # images, inline and by reference
    ("image-file", "![x](file:///etc/passwd)", None),
    ("image-data", "![x](data:image/png;base64,AAAA)", None),
    ("image-ref", "![x][img]\n\n[img]: https://example.org/x.png", "![x][img]"),
    # hidden inside the app's own syntax
    ("after-term", "[[insulin-resistance]](javascript:alert(1))", None),
    ("box", "::: caveat Danger\n[x](//evil.example/x)\n:::", "[x](//evil"),
]

#: The kinds issue 17 names; every one has payloads above (ids start with the prefix).
KINDS = ("html-multiline", "ref-", "autolink-", "raw-", "entity-", "protocol-relative",
         "relative", "data", "file", "js", "js-case", "js-tab", "js-control", "image")

#: Payloads tried against site.toml's about text (Markdown shown in the About dialog).
SITE_PAYLOADS = [p for p in PAYLOADS if p[0] in {
    "js", "js-control", "entity-dec", "relative", "protocol-relative", "ref-js",
    "ref-protocol-relative", "autolink-js", "autolink-http", "html-multiline-a", "raw-http",
    "image-file", "file-case", "data"}]


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    return root


def _line_of(text: str, needle: str) -> int:
    hits = [i for i, ln in enumerate(text.split("\n"), 1) if needle in ln]
    assert hits, needle
    return hits[0]


def _reported(root: Path, capsys: pytest.CaptureFixture[str]) -> list[tuple[str, int, str]]:
    code = cli.main(["check-content", "--content", str(root)])
    err = capsys.readouterr().err
    assert code == 1, "check-content passed a hostile payload"
    found = []
    for line in err.splitlines():
        m = re.match(r"^(.+?):(\d+): (.*)$", line)
        if m:
            found.append((m.group(1).replace("\\", "/"), int(m.group(2)), m.group(3)))
    return found


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls.extend((tag, k, v or "") for k, v in attrs
                         if k in ("href", "src", "action", "background", "style"))


def assert_no_bad_address(fragment: str) -> None:
    parser = _Urls()
    parser.feed(fragment)
    parser.close()
    for tag, attr, value in parser.urls:
        assert attr in ("href", "src"), (tag, attr, value)
        assert allowed_url(value), (tag, attr, value)
        scheme = value.split(":", 1)[0]
        assert scheme in {EXTERNAL_SCHEME, *CONTENT_SCHEMES}, value
        assert not value.startswith(("//", "/", "#", ".")), value
    for tag in ("<img", "<iframe", "<script", "<object", "<embed", "<form", "<style"):
        assert tag not in fragment.lower(), (tag, fragment)


def test_the_corpus_is_big_and_covers_every_kind() -> None:
    ids = [p[0] for p in PAYLOADS]
    assert len(ids) >= 45 and len(set(ids)) == len(ids)
    for kind in KINDS:
        assert any(i.startswith(kind) for i in ids), kind


@pytest.mark.parametrize(("name", "payload", "needle"), PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_article_payload_is_reported_and_neutralised(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, payload: str,
        needle: str | None) -> None:
    root = _copy(tmp_path)
    path = root / ARTICLE
    text = path.read_text(encoding="utf-8")
    assert text.count(ANCHOR_TEXT) == 1
    text = text.replace(ANCHOR_TEXT, f"{ANCHOR_TEXT}\n\n{payload}\n")
    path.write_text(text, encoding="utf-8")
    line = _line_of(text, needle or payload.split("\n")[0])
    found = _reported(root, capsys)
    assert any(f.endswith(ARTICLE) and n == line for f, n, _ in found), (line, found)
    # the render path: the section that holds the payload, as the build renders it
    article = parse_article(path, ARTICLE)
    renderer = ArticleRenderer({}, {}, lambda _t, _c: "", lambda _c: "")
    for section in article.sections:
        assert_no_bad_address(renderer.section(section))


@pytest.mark.parametrize(("name", "payload", "needle"), SITE_PAYLOADS,
                         ids=[p[0] for p in SITE_PAYLOADS])
def test_site_markdown_payload_is_reported_and_neutralised(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, payload: str,
        needle: str | None) -> None:
    root = _copy(tmp_path)
    site = root / "site.toml"
    text = site.read_text(encoding="utf-8")
    old = 'about = "A *test* corpus."'
    assert text.count(old) == 1
    body = f"A *test* corpus.\n\n{payload}\n"
    text = text.replace(old, "about = '''\n" + body + "'''")
    site.write_text(text, encoding="utf-8")
    line = _line_of(text, needle or payload.split("\n")[0])
    found = _reported(root, capsys)
    assert any(f.endswith("site.toml") and n == line for f, n, _ in found), (line, found)
    assert_no_bad_address(inline_markdown(body))


def test_the_disclaimer_is_checked_too(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = _copy(tmp_path)
    site = root / "site.toml"
    text = site.read_text(encoding="utf-8")
    text = text.replace('disclaimer = "Educational reference, not medical advice."',
                        'disclaimer = "Not advice. [More](//evil.example/)"')
    site.write_text(text, encoding="utf-8")
    found = _reported(root, capsys)
    assert any(f.endswith("site.toml") and n == _line_of(text, "//evil") and
               "protocol-relative" in m for f, n, m in found), found


@pytest.mark.parametrize("href", [
    "other.html", "../x", "/etc/passwd", "#top", "//evil.example/", "\\\\evil/share",
    "javascript:alert(1)", " javascript:alert(1)", "java\tscript:x", "JAVASCRIPT:x",
    "data:text/html,x", "file:///etc/passwd", "http://example.org/", "HTTPS://example.org/",
    "https:example.org", "https:///etc/passwd", "mailto:a@example.org", "ftp://x/",
    "substance:", "article", "view:home", "compare:a,b", "https://exa mple.org/", "https://example.org/\u200b",
    "https://example.org/\x01",
])
def test_sanitiser_drops_every_address_but_content_targets_and_https(href: str) -> None:
    clean = sanitise(f'<p><a href="{href}">x</a></p>')
    assert "href" not in clean, clean
    assert ">x</a>" in clean  # the text stays


@pytest.mark.parametrize("href", [
    "https://example.org/a?b=c#d", *(f"{s}:an-id" for s in CONTENT_SCHEMES),
    "article:gh-basics#insulin-basics",
])
def test_sanitiser_keeps_content_targets_and_https(href: str) -> None:
    assert f'href="{href}"' in sanitise(f'<a href="{href}">x</a>')
