#!/usr/bin/env bash
# The test command: starts throwaway PostgreSQL/Redis/RabbitMQ (infra/local-servers.sh), runs every test
# project of Platform.sln against them, stops the servers, and exits with `dotnet test`'s code.
#
#   infra/run-tests.sh                                   # everything
#   infra/run-tests.sh --filter "FullyQualifiedName~Kv"  # extra args go to `dotnet test`
#
# With PLATFORM_TEST_POSTGRES, _REDIS, _RABBITMQ and _RABBITMQ_MANAGEMENT all set, those servers are used and
# none are started. Servers that were already running (local-servers.sh start) are left running.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVERS="$REPO/infra/local-servers.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_GENERATE_ASPNET_CERTIFICATE=false
# English runner output: .ci/run parses the summary lines.
export DOTNET_CLI_UI_LANGUAGE=en

if [ -n "${PLATFORM_TEST_POSTGRES:-}" ] && [ -n "${PLATFORM_TEST_REDIS:-}" ] &&
    [ -n "${PLATFORM_TEST_RABBITMQ:-}" ] && [ -n "${PLATFORM_TEST_RABBITMQ_MANAGEMENT:-}" ]; then
    echo "[run-tests] using the servers named by PLATFORM_TEST_*" >&2
else
    if ! "$SERVERS" status 2> /dev/null; then
        trap '"$SERVERS" stop || true' EXIT
    fi
    settings="$("$SERVERS" start)"
    eval "$settings"
    # Tests choose their topology themselves: a host built by a test must not silently pick up the
    # distributed settings from the environment (the embedded topology is the default without them).
    unset ConnectionStrings__postgres ConnectionStrings__redis ConnectionStrings__rabbitmq
fi

cd "$REPO"
# The real tokenizers the golden tokenizer tests compare against (cached after the first run).
PLATFORM_TOKENIZERS_DIR="$("$REPO/infra/reference-tokenizers.sh")"
export PLATFORM_TOKENIZERS_DIR
set +e
dotnet test Platform.sln -c Release --logger "console;verbosity=normal" "$@"
rc=$?
set -e
exit "$rc"
