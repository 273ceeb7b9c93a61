"""The one place that knows where files live: source checkout, wheel or frozen bundle.

Every path the app reads goes through here, so the same code runs from a checkout,
an installed wheel and a PyInstaller bundle (Mu and Picard keep the same rule).
"""

from __future__ import annotations

import os
from pathlib import Path

DB_FILENAME = "peptide_desk.sqlite"


def package_data() -> Path:
    """Folder of run-time assets shipped inside the package (icons, licences; a bundle's
    database). Stylesheets are not files: themes.py and ui/theme.py build them."""
    # The package is always a folder on disk (checkout, wheel or PyInstaller bundle), so
    # the path is found from this file; importlib.resources would cost start-up time.
    return Path(__file__).resolve().parent / "data"


def project_root() -> Path | None:
    """The source checkout holding this package, or None when installed elsewhere."""
    root = Path(__file__).resolve().parents[2]
    return root if (root / "pyproject.toml").is_file() and (root / "resources").is_dir() else None


def content_dir() -> Path:
    """Content sources (build input). Only a checkout has them; the app never reads them."""
    env = os.environ.get("PEPTIDE_DESK_CONTENT")
    if env:
        return Path(env)
    root = project_root()
    if root is None:
        raise FileNotFoundError("content sources are only available in a source checkout")
    return root / "resources" / "content"


def default_db_output() -> Path:
    """Where ``build-db`` writes the bundled database in a checkout."""
    root = project_root()
    return (root / "db" / DB_FILENAME) if root else Path.cwd() / "db" / DB_FILENAME


def database_path() -> Path:
    """The bundled, read-only database: env override, then bundle/wheel, then checkout."""
    env = os.environ.get("PEPTIDE_DESK_DB")
    if env:
        return Path(env)
    bundled = package_data() / DB_FILENAME
    if bundled.is_file():
        return bundled
    return default_db_output()


def asset(*parts: str) -> Path:
    """Path of a run-time asset such as ``asset("icons", "peptide-desk-64.png")``."""
    return package_data().joinpath(*parts)


def user_data_dir() -> Path:
    """Per-user data folder (bookmarks, notes, settings); never the bundled database."""
    env = os.environ.get("PEPTIDE_DESK_USER_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_dir as _dir  # small; imported only when needed

    return Path(_dir("peptide-desk", appauthor=False))
