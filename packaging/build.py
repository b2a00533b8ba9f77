"""Build the frozen till and check it. The same commands on Linux, Windows and macOS:

    python packaging/build.py            build dist/corner/ (always)
    python packaging/build.py --test     build if a source changed, then run the frozen
                                         self-test and print the bundle's size by part
    python packaging/build.py --sizes    only print the size of the last build

`make package` and `make package-test` run the first two with the project's virtualenv.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "corner.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
BUNDLE = DIST / "corner"
EXE = BUNDLE / ("corner.exe" if sys.platform == "win32" else "corner")
SOURCES = ("app", "sync", "resources", "packaging", "pyproject.toml")
SELF_TEST_TIMEOUT = 180


def build() -> float:
    """Run PyInstaller on the spec; returns the seconds it took."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)], cwd=ROOT, check=True)
    seconds = time.monotonic() - started
    print(f"built {BUNDLE.relative_to(ROOT)} in {seconds:.0f} s")
    return seconds


def newest_source() -> float:
    newest = 0.0
    for name in SOURCES:
        top = ROOT / name
        files = [top] if top.is_file() else (p for p in top.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for path in files:
            newest = max(newest, path.stat().st_mtime)
    return newest


def up_to_date() -> bool:
    return EXE.exists() and EXE.stat().st_mtime >= newest_source()


def self_test(platform: str = "offscreen", display: str | None = None) -> tuple[int, str]:
    """Run ``corner --self-test`` from a directory away from the checkout, so only the bundle counts."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "QT_", "CORNER_"))}
    env["QT_QPA_PLATFORM"] = platform
    if display:
        env["DISPLAY"] = display
    with tempfile.TemporaryDirectory(prefix="corner-package-test-") as cwd:
        done = subprocess.run([str(EXE), "--self-test"], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=SELF_TEST_TIMEOUT)
    return done.returncode, (done.stdout + done.stderr).strip()


def self_test_under_xvfb() -> tuple[int, str] | None:
    """The same self-test through the xcb platform plugin, on a virtual X server (Linux, when Xvfb is here)."""
    xvfb = shutil.which("Xvfb")
    if not sys.platform.startswith("linux") or xvfb is None:
        return None
    read, write = os.pipe()
    server = subprocess.Popen([xvfb, "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            return 1, "Xvfb did not start"
        return self_test("xcb", f":{number}")
    finally:
        server.terminate()
        server.wait(timeout=10)


def unresolved_plugin_libraries() -> list[str]:
    """Linux: Qt plugins whose shared libraries resolve neither in the bundle nor on this system."""
    ldd = shutil.which("ldd")
    if not sys.platform.startswith("linux") or ldd is None:
        return []
    internal = BUNDLE / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}")
    problems = []
    for plugin in sorted(internal.glob("PySide6/Qt/plugins/*/*.so")):
        out = subprocess.run([ldd, str(plugin)], env=env, capture_output=True, text=True).stdout
        missing = [line.split()[0] for line in out.splitlines() if "not found" in line]
        if missing:
            problems.append(f"{plugin.relative_to(internal)} needs {', '.join(missing)}")
    return problems


def size_of(path: Path) -> int:
    if path.is_file() or path.is_symlink():
        return path.lstat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())


def parts() -> list[tuple[str, int]]:
    """The bundle's size by part: Qt split into its libraries, plugins and translations, the rest
    by top folder of _internal, and the loose shared libraries together."""
    internal = BUNDLE / "_internal"
    if not internal.is_dir():  # PyInstaller before 6 put everything beside the executable
        internal = BUNDLE
    sizes: dict[str, int] = {}

    def add(name: str, n: int) -> None:
        sizes[name] = sizes.get(name, 0) + n

    for entry in internal.iterdir():
        if entry.name == "PySide6":
            qt_dirs = [d for d in (entry / "Qt").iterdir()] if (entry / "Qt").is_dir() else []
            for sub in qt_dirs:
                add(f"PySide6/Qt/{sub.name}", size_of(sub))
            add("PySide6 (Python bindings)", size_of(entry) - sum(size_of(d) for d in qt_dirs))
        elif entry.is_file() and (".so" in entry.name or entry.suffix in (".dll", ".dylib")):
            add("shared libraries beside Python", size_of(entry))
        else:
            add(entry.name, size_of(entry))
    for entry in BUNDLE.iterdir():
        if entry != internal:
            add(entry.name, size_of(entry))
    return sorted(sizes.items(), key=lambda item: -item[1])


def print_sizes(top: int = 12) -> None:
    items = parts()
    total = sum(n for _, n in items)
    print(f"bundle: {total / 1e6:.0f} MB in {BUNDLE.relative_to(ROOT)}")
    for name, n in items[:top]:
        print(f"  {n / 1e6:6.1f} MB  {name}")
    rest = items[top:]
    if rest:
        print(f"  {sum(n for _, n in rest) / 1e6:6.1f} MB  {len(rest)} smaller parts")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--test", action="store_true", help="build if needed, then run the frozen self-test")
    parser.add_argument("--sizes", action="store_true", help="print the bundle's size by part")
    args = parser.parse_args(argv)
    if args.sizes:
        print_sizes()
        return 0
    if not args.test:
        build()
        return 0
    if up_to_date():
        print(f"{BUNDLE.relative_to(ROOT)} is up to date")
    else:
        build()
    passed = failed = 0
    runs = [("offscreen", self_test())]
    xcb = self_test_under_xvfb()
    if xcb is not None:
        runs.append(("xcb on Xvfb", xcb))
    for name, (code, output) in runs:
        print(f"[{name}] {output}")
        if code != 0 or len(output.splitlines()) != 1 or not output.startswith("self-test ok"):
            print(f"the frozen self-test failed on {name} (exit {code})", file=sys.stderr)
            failed += 1
        else:
            passed += 1
    problems = unresolved_plugin_libraries()
    for problem in problems:
        print(f"unresolved: {problem}", file=sys.stderr)
    failed, passed = failed + bool(problems), passed + (not problems)
    print_sizes()
    print(f"package: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
