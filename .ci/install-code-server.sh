#!/usr/bin/env bash
# code-server 4.99.3 (VS Code 1.99, the newest whose engines accept Node 20) into /opt/code-server,
# for test/integration/vscode.test.ts, offline-safe: @vscode/ripgrep's postinstall would download
# ripgrep unless its cache holds one, so Debian's rg is put there under the names it looks for
# (shared/recipes/vscode-in-chromium.md). Skipped when that version is already installed. Needs
# the Debian packages .ci/run installs (ripgrep, libkrb5-dev, libxkbfile-dev, libsecret-1-dev).
set -euo pipefail
prefix=/opt/code-server
version=4.99.3
if "$prefix/node_modules/.bin/code-server" --version 2>/dev/null | grep -q "^$version "; then
  echo "code-server $version is installed"
  exit 0
fi
rgroot=$(mktemp -d)
cp "$(command -v rg)" "$rgroot/rg"
for v in 1.15.11:v13.0.0-10 1.15.13:v13.0.0-13 1.15.14:v13.0.0-13; do
  d="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-${v%%:*}"
  mkdir -p "$d"
  tar czf "$d/ripgrep-${v##*:}-x86_64-unknown-linux-musl.tar.gz" -C "$rgroot" rg
done
rm -rf "$rgroot"
# As root, code-server's postinstall needs unsafe-perm, and npx inside it must not prompt.
npm_config_unsafe_perm=true npm_config_yes=true npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "code-server@$version"
"$prefix/node_modules/.bin/code-server" --version
