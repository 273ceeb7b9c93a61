"""A search hit in a higher tier opens its section with the tier raised for that article
only, and says so; the tier the user chose stays theirs (issue 18, item 4)."""

from __future__ import annotations

ARTICLE = "gh-peptides-insulin-sensitivity"


def academic_anchor(window, article: str = ARTICLE) -> str:
    return next(s.anchor for s in window.store.article(article).sections
                if s.tier == "academic")


def other_article(window) -> str:
    return next(a.id for a in window.store.articles() if a.id != ARTICLE)


def test_raised_for_this_article_only(qtbot, window) -> None:
    window.open_target(f"article:{ARTICLE}")
    window.set_tier("fundamentals")
    assert window.tier == "fundamentals" and window.user.get("tier") == "fundamentals"
    anchor = academic_anchor(window)
    window.open_target(f"article:{ARTICLE}#{anchor}")  # what opening a search hit does
    reader = window.reader
    assert reader.tier == "academic"
    qtbot.waitUntil(lambda: reader.current_anchor() == anchor)
    assert not reader.notice.isHidden()
    assert reader.notice.text().startswith("Showing the Academic tier for this section")
    assert "Fundamentals" in reader.notice.text()
    assert window.tier == "fundamentals" and window.user.get("tier") == "fundamentals"
    window.open_target(f"article:{other_article(window)}")
    assert reader.tier == "fundamentals" and reader.notice.isHidden()


def test_choosing_the_raised_tier_makes_it_the_users(window) -> None:
    window.open_target(f"article:{ARTICLE}")
    window.set_tier("fundamentals")
    window.open_target(f"article:{ARTICLE}#{academic_anchor(window)}")
    window.set_tier("academic")  # Ctrl+3 on the raised article
    assert window.tier == "academic" and window.user.get("tier") == "academic"
    assert window.reader.notice.isHidden()
    window.open_target(f"article:{other_article(window)}")
    assert window.reader.tier == "academic"


def test_the_users_tier_survives_a_restart(windows, real_db) -> None:
    win = windows.open(real_db)
    win.open_target(f"article:{ARTICLE}")
    win.set_tier("intermediate")
    win.open_target(f"article:{ARTICLE}#{academic_anchor(win)}")
    windows.close(win)
    again = windows.open(real_db)
    assert again.tier == "intermediate"
