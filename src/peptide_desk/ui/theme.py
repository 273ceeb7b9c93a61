"""Apply a theme and zoom to the whole application (QPalette + one widget stylesheet).

On the start path: nothing here touches the ``Qt`` namespace at import or first paint (its
Python enums cost ~40 ms to create); the precise OS colour-scheme check runs after the paint.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from peptide_desk.themes import THEMES, Palette, palette, theme_of

BASE_UI_PT = 10.0
BASE_READING_PT = 11.5
ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 50, 300, 10


def clamp_zoom(percent: int) -> int:
    """Zoom is kept between 50% and 300%."""
    return max(ZOOM_MIN, min(ZOOM_MAX, int(percent)))


_platform_window_lightness: list[int] = []  # the OS palette's window colour, read once


def _platform_theme() -> str:
    """'dark' when the platform palette (before ours replaced it) has a dark window colour."""
    if not _platform_window_lightness:
        colour = QGuiApplication.palette().color(QPalette.ColorRole.Window)
        _platform_window_lightness.append(colour.lightness())
    return "dark" if _platform_window_lightness[0] < 128 else "light"


def system_theme(precise: bool = True) -> str:
    """'dark' when the OS asks for a dark scheme, else 'light'.

    ``precise`` asks Qt's colour-scheme hint; without it (the first paint) only the platform
    palette is read, which agrees on almost every desktop; the window re-checks precisely
    right after its first paint.
    """
    if precise:
        from PySide6.QtCore import Qt

        scheme = QGuiApplication.styleHints().colorScheme()
        if scheme == Qt.ColorScheme.Dark:
            return "dark"
        if scheme == Qt.ColorScheme.Light:
            return "light"
    return _platform_theme()


def resolve_theme(setting: str, precise: bool = True) -> str:
    """The theme to use for a stored setting ('system' follows the OS)."""
    return setting if setting in THEMES else system_theme(precise)


def app_theme() -> str:
    """The theme the application is painted in (matched by its window colour)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return theme_of(app.palette().window().color().name())
    return "light"


def app_zoom() -> int:
    """The zoom the application font was set for (100 when unknown)."""
    app = QApplication.instance()
    size = app.font().pointSizeF() if isinstance(app, QApplication) else -1
    return clamp_zoom(round(size / BASE_UI_PT * 100)) if size > 0 else 100


def ui_pt(zoom: int) -> float:
    return round(BASE_UI_PT * clamp_zoom(zoom) / 100, 1)


def reading_pt(zoom: int) -> float:
    return round(BASE_READING_PT * clamp_zoom(zoom) / 100, 1)


def qpalette(p: Palette) -> QPalette:
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: p.window, QPalette.ColorRole.WindowText: p.text,
        QPalette.ColorRole.Base: p.base, QPalette.ColorRole.AlternateBase: p.alt_base,
        QPalette.ColorRole.Text: p.text, QPalette.ColorRole.Button: p.alt_base,
        QPalette.ColorRole.ButtonText: p.text, QPalette.ColorRole.Highlight: p.highlight,
        QPalette.ColorRole.HighlightedText: "#000000" if p.name == "high-contrast" else p.text,
        QPalette.ColorRole.Link: p.link,
        QPalette.ColorRole.ToolTipBase: p.base, QPalette.ColorRole.ToolTipText: p.text,
        QPalette.ColorRole.PlaceholderText: p.muted, QPalette.ColorRole.Mid: p.border,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(p.muted))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor(p.muted))
    return pal


def stylesheet(p: Palette, zoom: int) -> str:
    """Widget stylesheet: sizes scale with zoom; high contrast gets thick focus rings."""
    pt = ui_pt(zoom)
    fw = p.focus_width
    pad = max(2, round(4 * zoom / 100))
    return f"""
QWidget {{ font-size: {pt}pt; }}
QMainWindow, QDialog {{ background: {p.window}; }}
QToolBar {{ background: {p.window}; border: none; border-bottom: 1px solid {p.border};
            spacing: {pad}px; padding: {pad}px; }}
QLineEdit, QPlainTextEdit, QComboBox, QSpinBox {{
    background: {p.base}; color: {p.text}; border: 1px solid {p.border};
    border-radius: 4px; padding: {pad}px {pad * 2}px; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QListView:focus, QTreeView:focus,
QTableView:focus, QTextBrowser:focus {{ border: {fw}px solid {p.accent}; }}
QPushButton, QToolButton {{ color: {p.text}; background: {p.alt_base};
    border: 1px solid {p.border}; border-radius: 4px; padding: {pad}px {pad * 2}px; }}
QPushButton:focus, QToolButton:focus {{ border: {fw}px solid {p.accent}; }}
QPushButton:checked, QToolButton:checked {{ background: {p.accent}; color: {p.accent_text};
    border-color: {p.accent}; }}
QListView, QTreeView, QTableView, QTextBrowser {{ background: {p.base}; color: {p.text};
    border: 1px solid {p.border}; }}
QListView::item, QTreeView::item {{ padding: {pad}px; }}
QListView::item:selected, QTreeView::item:selected {{ background: {p.highlight};
    color: {p.text if p.name != "high-contrast" else "#000000"}; }}
QHeaderView::section {{ background: {p.alt_base}; color: {p.text}; padding: {pad}px;
    border: 1px solid {p.border}; font-weight: bold; }}
QStatusBar {{ background: {p.window}; color: {p.muted}; border-top: 1px solid {p.border}; }}
QLabel#muted {{ color: {p.muted}; }}
QLabel#paneTitle {{ color: {p.muted}; font-weight: bold; padding: {pad}px 0; }}
QFrame#searchPopup {{ background: {p.base}; border: {max(1, fw - 1)}px solid {p.accent};
    border-radius: 6px; }}
QMenu {{ background: {p.base}; color: {p.text}; border: 1px solid {p.border}; }}
QMenu::item:selected {{ background: {p.highlight};
    color: {p.text if p.name != "high-contrast" else "#000000"}; }}
QToolTip {{ background: {p.base}; color: {p.text}; border: 1px solid {p.border};
    padding: {pad}px; }}
QSplitter::handle {{ background: {p.border}; }}
QFrame#popover {{ background: {p.base}; color: {p.text}; border: {max(1, fw - 1)}px solid
    {p.accent}; border-radius: 6px; }}
QLabel#popoverHeading {{ font-weight: bold; }}
""" + indicator_stylesheet(p, zoom) + tab_stylesheet(p, zoom)


def tab_stylesheet(p: Palette, zoom: int) -> str:
    """The tab strip: the active tab in the accent colour, the others plain (not colour
    alone: the active tab is also bold and joined to the page)."""
    pad = max(2, round(4 * zoom / 100))
    return f"""
QTabBar#tabStrip::tab {{ background: {p.alt_base}; color: {p.text};
    border: 1px solid {p.border}; padding: {pad}px {pad * 3}px; margin-right: 2px; }}
QTabBar#tabStrip::tab:selected {{ background: {p.accent}; color: {p.accent_text};
    border-color: {p.accent}; font-weight: bold; }}
"""


def indicator_stylesheet(p: Palette, zoom: int) -> str:
    """Checkbox and radio indicators that meet 3:1 non-text contrast (``contrast``)."""
    from peptide_desk.contrast import indicators

    ind, size = indicators(p), max(12, round(14 * zoom / 100))
    return f"""
QCheckBox::indicator, QRadioButton::indicator {{ width: {size}px; height: {size}px;
    border: 2px solid {ind.border}; background: {ind.fill}; }}
QCheckBox::indicator {{ border-radius: 3px; }}
QRadioButton::indicator {{ border-radius: {size // 2 + 2}px; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{ background: {ind.checked};
    border: 2px solid {ind.border}; }}
QCheckBox::indicator:indeterminate {{ background: {ind.border}; }}
"""


FUSION_SET = "peptideDeskFusion"  # application property: the Fusion style is in place


def ensure_fusion(app: QApplication) -> bool:
    """Use the Fusion style everywhere (the stylesheet is drawn for it); True if it changed.

    ``app.make_application`` starts Qt with ``-style fusion`` and sets the property, so the
    usual start never restyles; an application made elsewhere (tests) is restyled once.
    """
    if app.property(FUSION_SET):
        return False
    app.setStyle("Fusion")
    app.setProperty(FUSION_SET, True)
    return True


def apply_theme(app: QApplication, theme: str, zoom: int) -> Palette:
    """Apply ``theme`` (light/dark/high-contrast) at ``zoom`` percent to every widget."""
    p = palette(theme)
    _platform_theme()  # remember the OS palette before it is replaced
    app.setPalette(qpalette(p))
    font = QFont(app.font())
    font.setPointSizeF(ui_pt(zoom))
    app.setFont(font)
    app.setStyleSheet(stylesheet(p, zoom))
    return p


def zoom_window(window: QWidget, theme: str, zoom: int) -> Palette:
    """A zoom step for one window: the same stylesheet at ``zoom`` set on the window, where
    it outranks the application's and restyles only the window's widgets (the application's
    restyle reaches every widget and costs about twice as much); ``apply_theme`` brings the
    application along afterwards."""
    p = palette(theme)
    app = QApplication.instance()
    if isinstance(app, QApplication):  # app_zoom() and widgets made meanwhile follow
        font = QFont(app.font())
        font.setPointSizeF(ui_pt(zoom))
        app.setFont(font)
    window.setStyleSheet(stylesheet(p, zoom))
    return p
