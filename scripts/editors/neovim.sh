#!/usr/bin/env bash
# Checks `goodfaith lsp` in a real editor: Neovim, headless (Debian's neovim package).
# Usage: scripts/editors/neovim.sh [path/to/goodfaith]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(realpath "${1:-target/debug/goodfaith}")"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
printf '# Offer\n\nHi Zoë, thanks for the call.\n\nThis is our final offer 😀 — take it or leave it.\n' > "$dir/offer.md"
# -u NONE: no user config; the Lua file gets the binary and the draft as globals.
timeout 60 nvim --headless --clean -u NONE \
  -c "lua _G.GOODFAITH_BIN = [[$bin]]; _G.GOODFAITH_FILE = [[$dir/offer.md]]" \
  -c "luafile $here/neovim.lua" 2>&1
echo
