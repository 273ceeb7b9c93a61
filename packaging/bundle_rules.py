"""What goes into a PySide6 one-folder bundle, shared by the app's spec and the benchmark floor.

Both specs import this module so the floor (benchmarks/floor_app) is frozen with exactly the
app's options: the same excluded modules, the same pruned Qt plugins and translations, the
same orphan-library clean-up and the same stripping. See ../docs/packaging.md for why each
rule exists; ../../shared/calibration.md for the measurements behind them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

Entry = tuple[str, str, str]  # PyInstaller TOC entry: (dest_name, src_name, typecode)

IS_LINUX = sys.platform.startswith("linux")
IS_WIN = sys.platform == "win32"
IS_MAC = sys.platform == "darwin"

#: Qt for Python modules the app never imports (networking, web, QML, multimedia...).
#: QtOpenGL / QtOpenGLWidgets / QtSvg / QtPrintSupport stay: pyqtgraph and printing use them.
QT_EXCLUDES = [f"PySide6.{m}" for m in (
    "QtNetwork", "QtNetworkAuth", "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick",
    "QtWebChannel", "QtWebSockets", "QtWebView", "QtHttpServer", "QtQml", "QtQuick",
    "QtQuickWidgets", "QtQuickControls2", "QtQuick3D", "QtQuickTest", "QtQmlFeatures",
    "Qt3DCore", "Qt3DRender", "Qt3DInput", "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras",
    "QtMultimedia", "QtMultimediaWidgets", "QtSpatialAudio", "QtTextToSpeech", "QtSql",
    "QtTest", "QtBluetooth", "QtNfc", "QtPositioning", "QtLocation", "QtSensors",
    "QtSerialPort", "QtSerialBus", "QtRemoteObjects", "QtScxml", "QtStateMachine",
    "QtDesigner", "QtHelp", "QtUiTools", "QtCharts", "QtDataVisualization", "QtGraphs",
    "QtGraphsWidgets", "QtPdf", "QtPdfWidgets", "QtLabsStyleKit", "QtAxContainer")]

#: The standard library stays, with two exceptions: tkinter (Tcl/Tk is large and Qt replaces
#: it) and readline (cmd, code and pdb import it optionally; it would bundle GPL-3
#: libreadline). Excluding other stdlib modules (email, xml, logging) breaks PySide6.
OTHER_EXCLUDES = ["tkinter", "_tkinter", "readline", "PyQt5", "PyQt6", "PySide2", "IPython",
                  "matplotlib", "scipy", "OpenGL", "pytest", "_pytest", "pytestqt",
                  "hypothesis", "mypy", "PyInstaller", "setuptools", "pkg_resources", "pip"]

EXCLUDES = QT_EXCLUDES + OTHER_EXCLUDES

#: Plugin folders dropped whole: networking, TLS, embedded-Linux input/EGL, Wayland, QML...
DROP_PLUGIN_DIRS = {
    "networkinformation", "tls", "bearer", "egldeviceintegrations", "generic",
    "wayland-decoration-client", "wayland-graphics-integration-client",
    "wayland-graphics-integration-server", "wayland-shell-integration", "qmltooling",
    "qmllint", "sqldrivers", "designer", "vectorimageformats", "position", "geoservices",
    "multimedia", "webview", "canbus", "sensors", "texttospeech", "renderers",
    "sceneparsers", "geometryloaders", "renderplugins", "assetimporters",
}
#: Platform plugins kept: offscreen (self-test, CI) and the desktop's native one. XWayland
#: serves Wayland desktops through xcb; eglfs, vnc, minimal and linuxfb are for devices.
KEEP_PLATFORMS = {"qoffscreen", "qxcb", "qwindows", "qcocoa", "qdirect2d"}
#: Image formats kept (PNG is built into QtGui): SVG icons, ICO, JPEG.
KEEP_IMAGEFORMATS = {"qsvg", "qico", "qjpeg"}
#: Platform themes dropped: the GTK 3 theme drags cairo/pango/GTK libraries along.
DROP_PLATFORMTHEMES = {"qgtk3"}

#: Libraries that must never be garbage-collected although nothing links to them.
_ALWAYS_KEEP = re.compile(r"^(lib)?python\d|^libpython")


def _stem(name: str) -> str:
    """'libqxcb.so' -> 'qxcb', 'qwindows.dll' -> 'qwindows', 'libqsvg.dylib' -> 'qsvg'."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = re.sub(r"\.(so(\.\d+)*|dll|dylib)$", "", base)
    return base[3:] if base.startswith("lib") else base


def _plugin_dir(dest: str) -> str | None:
    """The plugin category folder of a Qt plugin path, or None for other files."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if "plugins" in parts[:-1]:
        i = len(parts) - 1 - parts[::-1].index("plugins")
        return parts[i + 1] if i + 1 < len(parts) - 1 else None
    return None


def drop_reason(dest: str) -> str | None:
    """Why a bundled file is left out, or None to keep it."""
    path = dest.replace("\\", "/")
    if path.endswith(".qm") and "/translations/" in f"/{path}":
        return "Qt translation (the interface is English only)"
    folder = _plugin_dir(path)
    if folder is None:
        return None
    stem = _stem(path)
    if folder in DROP_PLUGIN_DIRS:
        return f"Qt plugin folder '{folder}'"
    if folder == "platforms" and stem not in KEEP_PLATFORMS:
        return f"platform plugin '{stem}'"
    if folder == "imageformats" and stem not in KEEP_IMAGEFORMATS:
        return f"image format '{stem}'"
    if folder == "platformthemes" and stem in DROP_PLATFORMTHEMES:
        return f"platform theme '{stem}'"
    return None


def prune(toc: Iterable[Entry], log: list[str]) -> list[Entry]:
    """Drop the files drop_reason() names; record each one in log."""
    kept = []
    for entry in toc:
        reason = drop_reason(entry[0])
        if reason:
            log.append(f"pruned {entry[0]}: {reason}")
        else:
            kept.append(entry)
    return kept


def _gc_candidate(entry: Entry) -> bool:
    """Shared libraries that are only there because something links to them."""
    dest, _src, typecode = entry
    if typecode != "BINARY" or _plugin_dir(dest) is not None:
        return False
    base = PurePosixPath(dest.replace("\\", "/")).name
    return not _ALWAYS_KEEP.search(base)


#: Libraries left to the system although something links to them: the CUPS client. Printing
#: to a printer then uses the machine's own libcups2 (a .deb dependency, present on desktop
#: Linux); bundling it dragged in GnuTLS, Kerberos, Avahi and p11-kit (~10 MiB of network
#: code). Without libcups2 the print dialog still offers printing to PDF.
SYSTEM_ONLY = {"libcups.so.2"}


def _needed(path: str) -> list[str] | None:
    """Direct dependencies (DT_NEEDED sonames) of an ELF file; None without readelf."""
    if shutil.which("readelf") is None:
        return None
    out = subprocess.run(["readelf", "-d", "-W", path], capture_output=True, text=True,
                         check=False)
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out.stdout)


def drop_orphan_libraries(binaries: list[Entry], datas: list[Entry],
                          log: list[str]) -> tuple[list[Entry], list[Entry]]:
    """Leave SYSTEM_ONLY libraries to the system and drop libraries nothing needs (Linux).

    Pruning a plugin leaves behind the libraries only it needed (the Wayland plugins pull
    libQt6WaylandClient, the TLS plugins libQt6Network...). Python extensions, plugins and
    libpython are the roots; a library stays only when a chain of direct dependencies from
    a root reaches it without passing through a SYSTEM_ONLY library. Symlinks to dropped
    libraries go too.
    """
    if not IS_LINUX:
        return binaries, datas
    system = {e[0] for e in binaries if PurePosixPath(e[0]).name in SYSTEM_ONLY}
    for dest in sorted(system):
        log.append(f"left to the system: {dest}")
    binaries = [e for e in binaries if e[0] not in system]
    candidates = {PurePosixPath(e[0]).name: e for e in binaries if _gc_candidate(e)}
    for entry in list(candidates.values()):
        candidates.setdefault(Path(entry[1]).resolve().name, entry)
    reached: set[str] = set()
    stack = [e[1] for e in binaries if not _gc_candidate(e)]
    seen: set[str] = set()
    while stack:
        src = stack.pop()
        if src in seen:
            continue
        seen.add(src)
        needed = _needed(src)
        if needed is None:
            log.append("orphan clean-up skipped: readelf (binutils) not found")
            return binaries, datas
        for soname in needed:
            dep = candidates.get(soname)
            if dep and dep[0] not in reached:
                reached.add(dep[0])
                stack.append(dep[1])
    dropped = system | {e[0] for e in binaries if _gc_candidate(e) and e[0] not in reached}
    for dest in sorted(dropped - system):
        log.append(f"dropped {dest}: no kept library needs it")
    binaries = [e for e in binaries if e[0] not in dropped]
    datas = [e for e in datas if not (e[2] == "SYMLINK" and e[1] in dropped)]
    return binaries, datas


def _is_elf(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"\x7fELF"


def strip_tree(contents: Path, log: list[str]) -> int:
    """Strip ELF shared objects under contents, except auditwheel's *.libs folders.

    numpy.libs holds OpenBLAS rewritten by patchelf; strip breaks it ("ELF load command
    address/offset not page-aligned"). The executable is left alone too: in a one-folder
    build it carries the appended archive. Linux only (macOS code signing, Windows PE).
    Returns the bytes saved.
    """
    if not IS_LINUX or shutil.which("strip") is None:
        log.append("strip: skipped (not Linux or no strip tool)")
        return 0
    saved = 0
    for path in sorted(contents.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if any(part.endswith(".libs") for part in path.relative_to(contents).parts):
            continue
        if not (".so" in path.name and _is_elf(path)):
            continue
        before = path.stat().st_size
        mode = path.stat().st_mode
        os.chmod(path, mode | 0o200)
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        os.chmod(path, mode)
        saved += before - path.stat().st_size
    log.append(f"strip: saved {saved / 2**20:.1f} MiB (numpy.libs left as is)")
    return saved


def _dpkg_owner(path: Path) -> str | None:
    """The Debian package that installed a file; tries both sides of the merged /usr."""
    text = str(path)
    other = text[4:] if text.startswith("/usr/") else "/usr" + text
    for candidate in (text, other):
        out = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True,
                             check=False)
        if out.returncode == 0:
            return out.stdout.split(":", 1)[0].strip()
    return None


def system_licence_datas(binaries: Iterable[Entry], workdir: Path, dest: str) -> list[Entry]:
    """Debian copyright files of the system libraries copied into the bundle (Linux).

    PyInstaller copies libraries such as libssl or libfontconfig from the build machine;
    their licences travel with them. Writes INDEX.txt (library -> package) into workdir and
    returns TOC entries for it and for each /usr/share/doc/<package>/copyright.
    """
    if not IS_LINUX or shutil.which("dpkg") is None:
        return []
    libs = {}
    for dest_name, src, typecode in binaries:
        real = Path(src).resolve()
        if typecode == "BINARY" and str(real).startswith(("/lib", "/usr/lib")):
            libs[PurePosixPath(dest_name).name] = real
    owners = {name: pkg for name, real in libs.items() if (pkg := _dpkg_owner(real))}
    folder = workdir / "system-licences"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    lines = ["System libraries copied from the build machine, and the Debian package each",
             "came from. Each package's copyright file is in the folder of that name.", ""]
    datas: list[Entry] = []
    for pkg in sorted(set(owners.values())):
        copyright_file = Path("/usr/share/doc") / pkg / "copyright"
        if copyright_file.is_file():
            datas.append((f"{dest}/system/{pkg}/copyright", str(copyright_file.resolve()),
                          "DATA"))
    for name in sorted(libs):
        lines.append(f"{name}  <-  {owners.get(name, 'unknown package')}")
    (folder / "INDEX.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    datas.append((f"{dest}/system/INDEX.txt", str(folder / "INDEX.txt"), "DATA"))
    return datas


def versions_file(workdir: Path, dists: Iterable[str]) -> Path:
    """VERSIONS.txt: the exact versions of Python, Qt and each bundled distribution."""
    from importlib.metadata import PackageNotFoundError, version

    lines = [f"Python {sys.version.split()[0]}"]
    try:
        from PySide6.QtCore import qVersion

        lines.append(f"Qt {qVersion()}")
    except ImportError:
        pass
    for dist in dists:
        try:
            lines.append(f"{dist} {version(dist)}")
        except PackageNotFoundError:
            continue
    path = workdir / "VERSIONS.txt"
    workdir.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def windows_version_info(name: str, version: str, description: str,
                         exe_name: str) -> Any:
    """A Windows VERSIONINFO resource built from the package version (Windows only)."""
    if not IS_WIN:
        return None
    from PyInstaller.utils.win32 import versioninfo as vi

    nums = [int(x) for x in re.findall(r"\d+", version)[:4]]
    nums += [0] * (4 - len(nums))
    strings = [
        vi.StringStruct("CompanyName", f"{name} contributors"),
        vi.StringStruct("FileDescription", description),
        vi.StringStruct("FileVersion", version),
        vi.StringStruct("InternalName", exe_name),
        vi.StringStruct("LegalCopyright", f"MIT licence, {name} contributors"),
        vi.StringStruct("OriginalFilename", f"{exe_name}.exe"),
        vi.StringStruct("ProductName", name),
        vi.StringStruct("ProductVersion", version),
    ]
    return vi.VSVersionInfo(
        ffi=vi.FixedFileInfo(filevers=tuple(nums), prodvers=tuple(nums), mask=0x3F,
                             flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0,
                             date=(0, 0)),
        kids=[vi.StringFileInfo([vi.StringTable("040904B0", strings)]),
              vi.VarFileInfo([vi.VarStruct("Translation", [0x0409, 1200])])])


def write_log(workdir: Path, lines: list[str]) -> Path:
    """Keep the pruning decisions next to PyInstaller's own warnings for review."""
    path = workdir / "bundle-rules.log"
    workdir.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
