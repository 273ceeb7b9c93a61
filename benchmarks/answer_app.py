"""Child process for bench_startup's ``time_to_answer_ms``: start the app as a user does,
type "ozempic" into the search field, press Enter, and report when the Semaglutide page has
been painted.

Driven by the event loop only (no sleeps, no polling): at the window's first paint the
keystrokes go to the search field as key events, one per turn of the loop (the app reacts to
each as it would to a typist); Enter is sent once the drop-down shows a current result for
the whole query (checked whenever the window completes, the result list changes or the
drop-down is shown, so a drop-down filled asynchronously is waited for, not raced); after
Enter, the next paint of the document browser showing the Semaglutide page is the answer.
The time is taken after that paint has drawn (the paint event is delivered inside the
probe), and reported with paint_probe's protocol: ``{"painted": wall time, "rss_mib": ...}``.
Anything else (a different page opened, a stage that never comes) is reported as
``{"error": ...}`` with exit code 1. The stages' wall times go with the report (``marks``).

The first key event makes PySide6 load the Qt namespace (~25 ms here), which the window's
own completion loads anyway before it can show results: paid once either way, so the total
is what the app costs, only the split between the stages moves.

Usage: ``answer_app.py DB USER_DIR``.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer  # the app's start imports these too
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from paint_probe import app_start_functions, fail_and_exit, report_and_exit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

QUERY = "ozempic"
TARGET = "substance:semaglutide"
TITLE = "Semaglutide"  # the window title starts with the open page's title
GIVE_UP_MS = 30_000


def main(db: str, user_dir: str) -> None:
    from pathlib import Path

    make_application, start_window = app_start_functions()
    app = make_application([sys.argv[0]])
    win = start_window(app, Path(db), Path(user_dir))
    driver = AnswerDriver(win)
    win.show()
    driver.arm()
    app.exec()


class AnswerDriver(QObject):
    """Drives the window from its first paint to the answer (see the module docstring)."""

    def __init__(self, win) -> None:
        super().__init__(win)
        self.win = win
        self.stage = "first paint"
        self.typed = 0
        self.hooked = False
        self.entered = False
        self.opened: list[str] = []
        self.page_set = False
        self.marks: dict[str, float] = {}  # wall times of the stages, reported with the answer
        win.installEventFilter(self)
        win.completed.connect(self._hook)

    def arm(self) -> None:
        QTimer.singleShot(GIVE_UP_MS, lambda: fail_and_exit(
            f"gave up after {GIVE_UP_MS} ms waiting for: {self.stage}"))

    # --- typing ----------------------------------------------------------------------
    def _key(self, key: int, text: str = "") -> None:
        """Press and release ``key`` in the search field, as the platform would deliver it."""
        from PySide6.QtCore import Qt

        edit = self.win.search.edit
        none = Qt.KeyboardModifier.NoModifier
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(edit, QKeyEvent(kind, key, none, text))

    def _type_next(self) -> None:
        edit = self.win.search.edit
        if self.typed == 0:
            edit.setFocus()  # as a click into the field does
        char = QUERY[self.typed]
        self._key(ord(char.upper()), char)  # Qt's key codes for letters are ASCII
        self.typed += 1
        if self.typed < len(QUERY):
            QTimer.singleShot(0, self._type_next)
        else:
            if edit.text() != QUERY:
                fail_and_exit(f"the search field holds {edit.text()!r} after typing")
            self.marks["typed"] = time.time()
            self.stage = "results for the whole query in the drop-down"
            self._check_later()

    # --- results -------------------------------------------------------------------
    def _hook(self) -> None:
        """The window has completed: watch the drop-down it now has."""
        self.marks["completed"] = time.time()
        search = self.win.search
        search.list.currentItemChanged.connect(self._check_later)
        search.list.model().rowsInserted.connect(self._check_later)
        search.list.model().modelReset.connect(self._check_later)
        search.popup.installEventFilter(self)
        search.activated.connect(self.opened.append)
        self.hooked = True
        self._check_later()

    def _check_later(self, *_args: object) -> None:
        QTimer.singleShot(0, self._check)  # after the code filling the list has returned

    def _check(self) -> None:
        if self.entered or not self.hooked or self.typed < len(QUERY):
            return
        search = self.win.search
        response = search.response
        if (search.edit.text() != QUERY or not search.popup.isVisible()
                or search.list.currentItem() is None
                or (response is not None and response.query != QUERY)):
            return
        self.entered = True
        self.marks["results"] = time.time()
        self.stage = f"{TARGET} opened on Enter"
        self.win.doc.browser.viewport().installEventFilter(self)
        from PySide6.QtCore import Qt

        self._key(Qt.Key.Key_Return)
        if self.opened != [TARGET]:
            fail_and_exit(f"Enter on {QUERY!r} opened {self.opened or 'nothing'}, "
                          f"not {TARGET}")
        self.marks["page_set"] = time.time()
        self.stage = f"a paint of the document browser showing {TARGET}"
        self.page_set = True

    # --- events ----------------------------------------------------------------------
    def eventFilter(self, obj, event) -> bool:
        try:
            return self._filter(obj, event)
        except Exception as exc:  # a broken probe must not look like a slow answer
            fail_and_exit(f"{type(exc).__name__}: {exc} (waiting for: {self.stage})")
            return False

    def _filter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Paint:
            if obj is self.win and self.typed == 0 and self.stage == "first paint":
                self.marks["first_paint"] = time.time()
                self.stage = "typing"
                self.win.removeEventFilter(self)
                QTimer.singleShot(0, self._type_next)
            elif (self.page_set and obj is self.win.doc.browser.viewport()
                  and self.win.windowTitle().startswith(TITLE)):
                obj.removeEventFilter(self)
                QApplication.sendEvent(obj, event)  # draw the page now, then take the time
                report_and_exit(marks=self.marks)
                return True
        elif kind == QEvent.Type.Show and self.hooked and obj is self.win.search.popup:
            self._check_later()
        return False


if __name__ == "__main__":
    main(*sys.argv[1:3])
