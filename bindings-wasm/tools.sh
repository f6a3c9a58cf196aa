# Sourced by build.sh and test.sh: installs, idempotently and outside the
# repository, what the WASM bindings need, and exports where it is:
#
#   the wasm32-unknown-unknown Rust target                      (rustup)
#   wasm-bindgen-cli, the version of wasm-bindgen in Cargo.lock  -> $HUIQI_CACHE/cargo/bin
#   binaryen (wasm-opt), typescript, playwright-core, pinned by
#     tools/package-lock.json                                     -> $HUIQI_CACHE/wasm-tools
#   Chromium (Debian packages chromium, chromium-driver)          (apt-get, only when asked)
#
# HUIQI_CACHE defaults to ~/.cache/huiqi. Each step is skipped when what it
# installs is already there in the right version.

: "${HUIQI_CACHE:=$HOME/.cache/huiqi}"
export HUIQI_CACHE
wasm_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$wasm_dir/.." && pwd)
export WASM_TOOLS="$HUIQI_CACHE/wasm-tools"
export WASM_BINDGEN="$HUIQI_CACHE/cargo/bin/wasm-bindgen"
export WASM_OPT="$WASM_TOOLS/node_modules/.bin/wasm-opt"
export TSC="$WASM_TOOLS/node_modules/.bin/tsc"

tools_log() { printf '    %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "need root for: $*" >&2
        return 1
    fi
}

ensure_node() {
    local major
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    if [ "$major" -lt 20 ]; then
        echo "Node 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))" >&2
        return 1
    fi
}

ensure_wasm_target() {
    if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
        tools_log "wasm32-unknown-unknown target: present"
    else
        tools_log "adding the wasm32-unknown-unknown target"
        rustup target add wasm32-unknown-unknown
    fi
}

ensure_wasm_bindgen() {
    local want have=""
    want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' \
        "$repo_dir/Cargo.lock")
    if [ -z "$want" ]; then
        echo "wasm-bindgen is not in Cargo.lock" >&2
        return 1
    fi
    if [ -x "$WASM_BINDGEN" ]; then
        have=$("$WASM_BINDGEN" --version | awk '{ print $2 }')
    fi
    if [ "$have" = "$want" ]; then
        tools_log "wasm-bindgen-cli $want: present"
    else
        tools_log "installing wasm-bindgen-cli $want (takes a few minutes)"
        # Not --locked: the crate's own lock names versions the registry may lack.
        cargo install --quiet --force --root "$HUIQI_CACHE/cargo" wasm-bindgen-cli --version "$want"
    fi
}

ensure_npm_tools() {
    local lock="$wasm_dir/tools/package-lock.json"
    if [ -d "$WASM_TOOLS/node_modules" ] && cmp -s "$lock" "$WASM_TOOLS/package-lock.json" \
        && [ -x "$WASM_OPT" ] && [ -x "$TSC" ]; then
        tools_log "npm tools (binaryen, typescript, playwright-core): present"
    else
        tools_log "installing the npm tools pinned in tools/package-lock.json"
        mkdir -p "$WASM_TOOLS"
        cp "$wasm_dir/tools/package.json" "$lock" "$WASM_TOOLS/"
        (cd "$WASM_TOOLS" && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

ensure_chromium() {
    if command -v chromium >/dev/null 2>&1; then
        tools_log "chromium: present"
    else
        tools_log "installing chromium with apt-get"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends \
            chromium chromium-driver >/dev/null
    fi
    export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
}
