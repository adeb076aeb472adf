#!/usr/bin/env python3
"""Builds goodfaith for the browser: goodfaith.wasm (the wasm/ crate, for the
wasm32-unknown-unknown target) and, around it, the unpacked extension and the check page.

    target/web/extension/   load it unpacked (chrome://extensions, about:debugging)
    target/web/check/       index.html and goodfaith.wasm: serve the folder, or open the file

Needs only `rustup target add wasm32-unknown-unknown`, cargo and Python's standard library.
The manifest's content_scripts.matches are written from web/extension/sites.json; the
check page's one inline script is allowed by its hash in the page's CSP.

Usage: scripts/build-web.py [--out target/web] [--debug]
"""

import argparse
import base64
import hashlib
import json
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
WEB = ROOT / "web"
TARGET = "wasm32-unknown-unknown"


def build_wasm(debug: bool) -> pathlib.Path:
    cmd = ["cargo", "build", "--locked", "--target", TARGET]
    if not debug:
        cmd.append("--release")
    # From wasm/, so its .cargo/config.toml (the shared target folder) applies.
    subprocess.run(cmd, check=True, cwd=ROOT / "wasm")
    profile = "debug" if debug else "release"
    return ROOT / "target" / TARGET / profile / "goodfaith_wasm.wasm"


def extension(out: pathlib.Path, wasm: pathlib.Path) -> None:
    src = WEB / "extension"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    sites = json.loads((src / "sites.json").read_text())
    matches = sorted({m for s in sites["sites"] for m in s["matches"]})
    manifest = json.loads((src / "manifest.json").read_text())
    manifest["content_scripts"][0]["matches"] = matches
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    (out / "sites.js").write_text(
        "// Written by scripts/build-web.py from web/extension/sites.json.\n"
        f"globalThis.GOODFAITH_SITES = {json.dumps(sites, indent=2)};\n"
    )
    for name in ["background.js", "content.js"]:
        shutil.copy(src / name, out / name)
    shutil.copy(WEB / "goodfaith.js", out / "goodfaith.js")
    shutil.copy(wasm, out / "goodfaith.wasm")


def check_page(out: pathlib.Path, wasm: pathlib.Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    page = (WEB / "check" / "check.html").read_text()
    script = (WEB / "goodfaith.js").read_text() + "\n" + (WEB / "check" / "check.js").read_text()
    if "</script" in script.lower():
        sys.exit("build-web: an inline script may not contain '</script'")
    placeholder = "/*@GOODFAITH_JS@*/\n/*@CHECK_JS@*/"
    if placeholder not in page:
        sys.exit("build-web: web/check/check.html lost its script placeholder")
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    page = page.replace(placeholder, script).replace("@SCRIPT_HASH@", f"sha256-{digest}")
    (out / "index.html").write_text(page)
    shutil.copy(wasm, out / "goodfaith.wasm")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "target" / "web")
    parser.add_argument("--debug", action="store_true", help="an unoptimised module (quicker to build)")
    args = parser.parse_args()
    wasm = build_wasm(args.debug)
    extension(args.out / "extension", wasm)
    check_page(args.out / "check", wasm)
    size = wasm.stat().st_size
    print(f"build-web: goodfaith.wasm {size / 1e6:.1f} MB; extension in {args.out / 'extension'}, page in {args.out / 'check'}")


if __name__ == "__main__":
    main()
