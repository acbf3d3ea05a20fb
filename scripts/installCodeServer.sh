#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last line that runs on Node 20) into .vscode-test/code-server
# without its postinstall, which downloads binaries these machines cannot reach; plus the Debian packages the
# recipe needs (libkrb5-dev for kerberos, ripgrep for @vscode/ripgrep's binary, chromium for the e2e tests).
# Idempotent: does nothing when the installed code-server already answers 4.100.3.
# The recipe and why each step is there: ../shared/docs/real-vscode-here.md
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.100.3
root="$PWD/.vscode-test/code-server"
pkg="$root/node_modules/code-server"
entry="$pkg/out/node/entry.js"

installed_version() {
  # The first run may print a log line before the version (`4.100.3 <commit> with Code 1.100.3`).
  [[ -f "$entry" ]] && node "$entry" --version 2>/dev/null | grep -m1 -oE '^[0-9]+\.[0-9]+\.[0-9]+ ' | tr -d ' '
}

missing_packages() {
  local missing=()
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
  [[ -x /usr/bin/chromium ]] || missing+=(chromium)
  echo "${missing[@]+"${missing[@]}"}"
}

packages="$(missing_packages)"
if [[ -n "$packages" ]]; then
  echo "== apt-get install $packages"
  sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $packages
fi

if [[ "$(installed_version || true)" == "$version" ]]; then
  echo "code-server $version already installed in $root"
  exit 0
fi

echo "== installing code-server $version into $root (about two minutes)"
started=$SECONDS
rm -rf "$root"
mkdir -p "$root"
cd "$root"
npm init -y >/dev/null
npm_flags=(--no-audit --no-fund --loglevel=error)
npm install "code-server@$version" --ignore-scripts "${npm_flags[@]}"

cd "$pkg/lib/vscode"
npm install --omit=dev --ignore-scripts "${npm_flags[@]}"
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild @parcel/watcher @vscode/deviceid @vscode/spdlog kerberos native-watchdog node-pty "${npm_flags[@]}"
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts "${npm_flags[@]}")

cd "$root/node_modules/argon2"
echo "== argon2: its prebuilt binary is on github.com, out of reach here; node-pre-gyp says so, then builds it"
npm_config_yes=true npx node-pre-gyp install --fallback-to-build --loglevel=error

got="$(installed_version || true)"
if [[ "$got" != "$version" ]]; then
  echo "error: code-server answers '${got:-nothing}' after the install, expected $version" >&2
  exit 1
fi
echo "code-server $version installed in $((SECONDS - started)) s"
