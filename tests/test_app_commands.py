"""Print/PDF export, the headless self-test and the snapshot command, end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.parametrize("target", ["article:gh-peptides-insulin-sensitivity",
                                    "substance:tesamorelin"])
def test_export_pdf_writes_article_or_substance_with_disclaimer(windows, real_db, tmp_path,
                                                                target) -> None:
    win = windows.open(real_db, restore=False, show=False)
    services = win.services
    win.open_target(target)
    doc, _stem = win.print_service().document()
    text = doc.toPlainText()
    assert services.store.site().disclaimer_short in text or "not medical advice" in text
    assert "References" in text
    out = tmp_path / "page.pdf"
    assert win.print_service().export_pdf(str(out)) == str(out)
    assert out.read_bytes()[:5] == b"%PDF-" and out.stat().st_size > 5000


def test_article_print_follows_the_chosen_tier(windows, real_db) -> None:
    win = windows.open(real_db, restore=False, show=False)
    win.open_target("article:gh-peptides-insulin-sensitivity")
    win.reader.set_tier("fundamentals")
    short = win.print_service().document()[0].toPlainText()
    win.reader.set_tier("academic")
    full = win.print_service().document()[0].toPlainText()
    assert len(full) > 2 * len(short)


def test_self_test_passes_and_prints_one_line(real_db) -> None:
    out = subprocess.run([sys.executable, "-m", "peptide_desk", "--self-test", "--db",
                          str(real_db)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = [ln for ln in out.stdout.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("self-test OK")


def test_self_test_fails_clearly_on_a_corrupt_database(tmp_path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 100)
    out = subprocess.run([sys.executable, "-m", "peptide_desk", "self-test", "--db", str(bad)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 1
    assert "self-test FAILED" in out.stderr and "Traceback" not in out.stderr


@pytest.mark.slow
def test_snapshot_writes_every_view(real_db, tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "peptide_desk", "snapshot", "--out",
                          str(tmp_path), "--theme", "high-contrast", "--zoom", "200", "--db",
                          str(real_db)], capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in tmp_path.glob("*.png"))
    assert len(names) == 8 and "chart-high-contrast-200.png" in names
    assert all((tmp_path / n).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for n in names)
