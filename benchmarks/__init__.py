"""Benchmarks for ``make bench`` (``python -m benchmarks``); never run by the tests."""


def compile_bytecode() -> None:
    """Byte-compile the package and the probes, as an installed app is (pip and PyInstaller
    ship .pyc files). A checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile
    every module from source on every start, which no user's start does; the floors'
    libraries (PySide6, pyqtgraph) are compiled already."""
    import compileall
    from pathlib import Path

    import peptide_desk

    compileall.compile_dir(str(Path(peptide_desk.__file__).parent), quiet=1)
    compileall.compile_dir(str(Path(__file__).resolve().parent), quiet=1)
