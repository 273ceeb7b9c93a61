"""Every link scheme Peptide Desk knows and how a link target is read (no Qt, no imports).

Content links name a record (``substance:semaglutide``, ``article:ID#section`` …); the app's
own pages are ``view:NAME`` and ``compare:A[,B…]``; ``https:`` leaves the app (after asking);
``#anchor`` is a place on the page shown and ``disclose:checks`` opens or closes "How this
was checked". Everything else is refused. The content validator, the Markdown sanitiser,
``Store.target_exists`` and the window all read targets with :func:`parse_target`.
"""

from __future__ import annotations

from typing import NamedTuple

#: Schemes that name a content record; content may link to these (and to https).
CONTENT_SCHEMES: tuple[str, ...] = ("article", "substance", "class", "table", "chart",
                                    "glossary", "ref")
#: The app's own pages: no record behind them, so nothing to look up.
APP_SCHEMES: tuple[str, ...] = ("view", "compare")
#: Schemes the window opens itself.
INTERNAL_SCHEMES: tuple[str, ...] = CONTENT_SCHEMES + APP_SCHEMES
#: The one scheme that leaves the app (the system browser, after a question).
EXTERNAL_SCHEME = "https"
#: "How this was checked" on substance and class pages: toggled in place, not a navigation.
CHECKS_TARGET = "disclose:checks"

#: What the window does with a target (see :func:`link_kind`).
ANCHOR = "anchor"  # scroll the page shown
DISCLOSE = "disclose"  # toggle "How this was checked" and re-render in place
EXTERNAL = "external"  # ask, then open in the system browser
INTERNAL = "internal"  # open it in the window (a content record must exist)
BLOCKED = "blocked"  # refuse: file:, javascript:, data:, http: …


class Target(NamedTuple):
    """A target split into its parts: ``scheme:ident#anchor``."""

    scheme: str
    ident: str
    anchor: str = ""


def parse_target(target: str) -> Target:
    """``"article:a#b"`` → ``Target("article", "a", "b")``; ``"#b"`` → ``Target("", "", "b")``."""
    if target.startswith("#"):
        return Target("", "", target[1:])
    scheme, _, rest = target.partition(":")
    ident, _, anchor = rest.partition("#")
    return Target(scheme, ident, anchor)


def make_target(scheme: str, ident: str, anchor: str = "") -> str:
    """The inverse of :func:`parse_target` (an empty anchor adds no ``#``)."""
    return f"{scheme}:{ident}" + (f"#{anchor}" if anchor else "")


def scheme_of(target: str) -> str:
    return parse_target(target).scheme


def is_internal(target: str) -> bool:
    """A target the window opens itself (content record or app page)."""
    return scheme_of(target) in INTERNAL_SCHEMES


def is_content(target: str) -> bool:
    """A target naming a content record, which must exist to be opened."""
    return scheme_of(target) in CONTENT_SCHEMES


def link_kind(target: str) -> str:
    """ANCHOR, DISCLOSE, EXTERNAL, INTERNAL or BLOCKED: the link policy in one place."""
    if target.startswith("#"):
        return ANCHOR
    if target == CHECKS_TARGET:
        return DISCLOSE
    scheme = scheme_of(target)
    if scheme == EXTERNAL_SCHEME:
        return EXTERNAL
    return INTERNAL if scheme in INTERNAL_SCHEMES else BLOCKED


#: The URL scheme the desktop registers for the app (``x-scheme-handler/peptide-desk``).
APP_URL_SCHEME = "peptide-desk"
_APP_URL_PREFIX = APP_URL_SCHEME + "://"
#: Characters an identifier or anchor in a ``peptide-desk://`` link may hold.
_URL_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.,")
#: Longest ``peptide-desk://`` link read (anything longer is not one of ours).
MAX_APP_URL = 512


def app_url(target: str) -> str:
    """``"article:a#b"`` → ``"peptide-desk://article/a#b"``: a link that opens the app there."""
    parts = parse_target(target)
    return f"{_APP_URL_PREFIX}{parts.scheme}/{parts.ident}" + (
        f"#{parts.anchor}" if parts.anchor else "")


def from_app_url(url: str) -> str | None:
    """The internal target a ``peptide-desk://`` link names, or None when it is malformed.

    Strict on purpose: the link may come from any PDF or web page, so only an internal
    scheme, a lower-case identifier and anchor of safe characters, and nothing else (no
    query, user, port or extra path) is accepted. Existence is the caller's check."""
    if len(url) > MAX_APP_URL or not url.lower().startswith(_APP_URL_PREFIX):
        return None
    rest = url[len(_APP_URL_PREFIX):]
    path, _, anchor = rest.partition("#")
    scheme, sep, ident = path.rstrip("/").partition("/")
    if not sep or scheme not in INTERNAL_SCHEMES or not ident:
        return None
    if not set(ident) <= _URL_SAFE or not set(anchor) <= _URL_SAFE:
        return None
    return make_target(scheme, ident, anchor)
