#!/usr/bin/env bash
# Throwaway PostgreSQL 15, Redis 7 and RabbitMQ 3.10 on 127.0.0.1 for integration tests and local runs.
#
#   eval "$(infra/local-servers.sh start)"   # installs what is missing (as root), starts, prints exports
#   infra/local-servers.sh env               # reprints the exports of the running servers
#   infra/local-servers.sh status            # exit 0 when all three run
#   infra/local-servers.sh rabbitmqctl ARGS  # rabbitmqctl against the local node (same environment)
#   infra/local-servers.sh stop              # stops what `start` started and removes the state dir
#   infra/local-servers.sh stop-server NAME  # stops one of postgres|redis|rabbitmq, keeping its state (fault tests)
#   infra/local-servers.sh start-server NAME # starts it again on its port (Redis comes back empty)
#   infra/local-servers.sh searx PORT SEARCH_URL  # runs a real searx (foreground) on 127.0.0.1:PORT whose only engine
#                                            # is SEARCH_URL (a JSON API with results[] {url,title,content}; {query})
#
# Exports go to stdout (and $STATE/env.sh); progress goes to stderr.
# Settings: PLATFORM_SERVERS_DIR (state dir, default $REPO/.servers) and the preferred ports
# PLATFORM_POSTGRES_PORT, PLATFORM_REDIS_PORT, PLATFORM_RABBITMQ_PORT, PLATFORM_RABBITMQ_MANAGEMENT_PORT,
# PLATFORM_RABBITMQ_DIST_PORT, PLATFORM_EPMD_PORT; a busy port is skipped for the next free one.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${PLATFORM_SERVERS_DIR:-$REPO/.servers}"
PG_BIN=/usr/lib/postgresql/15/bin
RABBIT_BIN=/usr/lib/rabbitmq/bin
ENV_FILE="$STATE/env.sh"

log() { printf '[local-servers] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# initdb and postgres refuse to run as root.
as_postgres() {
    if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

port_busy() {
    local port=$1
    if command -v ss >/dev/null 2>&1; then
        [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

TAKEN=" "
# pick_port VAR PREFERRED: sets VAR to the first free port at or above PREFERRED not handed out yet.
pick_port() {
    local port=$2
    while port_busy "$port" || [[ "$TAKEN" == *" $port "* ]]; do
        port=$((port + 1))
        [ "$port" -lt 65000 ] || die "no free port found above $2"
    done
    TAKEN="$TAKEN$port "
    printf -v "$1" '%s' "$port"
}

wait_for_port() {
    local port=$1 what=$2 seconds=$3 i
    for ((i = 0; i < seconds * 10; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    die "$what did not open 127.0.0.1:$port within ${seconds}s"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(head -n1 "$1")" 2>/dev/null; }

# ---------------------------------------------------------------- install

install_missing() {
    local packages=()
    command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
    [ -x "$RABBIT_BIN/rabbitmq-server" ] || packages+=(rabbitmq-server)
    [ -x "$PG_BIN/initdb" ] || packages+=(postgresql)
    # promtool (package prometheus; policy-rc.d keeps its daemon from starting) for the Prometheus rule tests,
    # which skip without it outside CI: installed only as root, never a reason to stop.
    if is_root && ! command -v promtool >/dev/null 2>&1; then packages+=(prometheus); fi
    # Universal Ctags gives the retrieval service definitions to chunk by (it falls back to line windows without it).
    if is_root && ! command -v ctags >/dev/null 2>&1; then packages+=(universal-ctags); fi
    # searx 1.1.0, a real metasearch instance the web-search tests run against a local site (`searx` below).
    if is_root && [ ! -x /usr/bin/searx-run ]; then packages+=(searx); fi
    # Debian's chromium, which the admin console's Playwright tests drive at /usr/bin/chromium.
    if is_root && [ ! -x /usr/bin/chromium ]; then packages+=(chromium); fi
    [ "${#packages[@]}" -eq 0 ] && return 0
    is_root || die "missing ${packages[*]}; install them (apt-get install -y ${packages[*]}) or run as root"
    log "installing ${packages[*]} (apt-get)"
    # Keep apt from starting system-wide daemons on the default ports; we start our own.
    local own_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && own_policy=1
    fi
    local rc=0
    {
        DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"
    } >&2 || rc=$?
    [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
    [ "$rc" = 0 ] || die "apt-get install failed ($rc)"
    [ -x "$PG_BIN/initdb" ] || die "$PG_BIN/initdb not found after installing postgresql (expected PostgreSQL 15)"
}

# ---------------------------------------------------------------- RabbitMQ

# Every rabbitmq-server / rabbitmqctl call needs this same environment (cookie in HOME, node name, epmd port).
rabbit_env() {
    local r="$STATE/rabbitmq"
    export HOME="$r/home"
    export RABBITMQ_NODENAME=rabbit@localhost
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    export RABBITMQ_NODE_PORT="$RABBITMQ_PORT"
    export RABBITMQ_DIST_PORT="$RABBITMQ_DIST_PORT"
    export ERL_EPMD_ADDRESS=127.0.0.1
    export ERL_EPMD_PORT="$EPMD_PORT"
    export RABBITMQ_MNESIA_BASE="$r/mnesia"
    export RABBITMQ_LOG_BASE="$r/log"
    export RABBITMQ_CONFIG_FILE="$r/rabbitmq.conf"
    export RABBITMQ_ADVANCED_CONFIG_FILE="$r/advanced.config"
    export RABBITMQ_CONF_ENV_FILE="$r/rabbitmq-env.conf"
    export RABBITMQ_ENABLED_PLUGINS_FILE="$r/enabled_plugins"
    export RABBITMQ_PID_FILE="$r/rabbitmq.pid"
    export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

start_rabbitmq() {
    local r="$STATE/rabbitmq"
    mkdir -p "$r/home" "$r/mnesia" "$r/log"
    chmod 700 "$r/home"
    cat > "$r/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_PORT
loopback_users = none
management.tcp.ip = 127.0.0.1
management.tcp.port = $RABBITMQ_MANAGEMENT_PORT
EOF
    echo '[].' > "$r/advanced.config"
    : > "$r/rabbitmq-env.conf"
    echo '[rabbitmq_management].' > "$r/enabled_plugins"
    (
        rabbit_env
        # -detached forks the Erlang VM; its console output goes to the node log.
        "$RABBIT_BIN/rabbitmq-server" -detached > "$r/log/startup.out" 2>&1
    )
}

await_rabbitmq() {
    wait_for_port "$RABBITMQ_PORT" RabbitMQ 90
    (
        rabbit_env
        "$RABBIT_BIN/rabbitmqctl" await_startup --timeout 90 > /dev/null
    ) || die "rabbitmqctl await_startup failed (see $STATE/rabbitmq/log)"
    wait_for_port "$RABBITMQ_MANAGEMENT_PORT" "RabbitMQ management" 30
}

stop_rabbitmq() {
    local r="$STATE/rabbitmq"
    [ -f "$r/rabbitmq.pid" ] || return 0
    local pid
    pid="$(head -n1 "$r/rabbitmq.pid")"
    # A graceful stop takes ~8 s (same with SIGTERM); it runs alongside the other stops.
    if kill -0 "$pid" 2>/dev/null; then
        (
            rabbit_env
            # With the pid file, `stop` waits until the VM has exited.
            "$RABBIT_BIN/rabbitmqctl" stop "$r/rabbitmq.pid" > /dev/null 2>&1
        ) || { log "rabbitmqctl stop failed; killing pid $pid"; kill "$pid" 2>/dev/null || true; }
    fi
    # The node starts its own epmd on our private port; end that one too.
    local epmd
    epmd="$(command -v epmd || ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -n1 || true)"
    [ -n "$epmd" ] || return 0
    local i
    for ((i = 0; i < 50; i++)); do
        # epmd refuses while a node is still registered; the node deregisters as its VM exits.
        [[ "$(ERL_EPMD_PORT="$EPMD_PORT" "$epmd" -kill 2>&1)" == *"living nodes"* ]] || return 0
        sleep 0.2
    done
    log "epmd on port $EPMD_PORT still has living nodes; left running"
}

# ---------------------------------------------------------------- PostgreSQL

start_postgres() {
    local p="$STATE/postgres"
    mkdir -p "$p"
    # The postgres user must reach the data dir; a repo under /root is not reachable, so use /tmp instead.
    if is_root && ! runuser -u postgres -- test -x "$STATE"; then
        local tmp
        tmp="$(mktemp -d "${TMPDIR:-/tmp}/platform-postgres.XXXXXX")"
        rmdir "$p" && ln -s "$tmp" "$p"
    fi
    local dir
    dir="$(cd "$p" && pwd -P)"
    is_root && chown postgres: "$dir"
    chmod 700 "$dir"
    printf '%s\n' "$POSTGRES_PASSWORD" > "$dir/pwfile"
    is_root && chown postgres: "$dir/pwfile"
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile="$dir/pwfile" -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    rm -f "$dir/pwfile"
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -t 60 \
        -o "-p $POSTGRES_PORT -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start > /dev/null || { cat "$dir/pg.log" >&2; die "pg_ctl start failed"; }
    as_postgres "$PG_BIN/psql" -h "$dir" -p "$POSTGRES_PORT" -U postgres -d postgres -qAt \
        -c 'CREATE DATABASE platform' > /dev/null
}

stop_postgres() {
    local p="$STATE/postgres"
    [ -e "$p" ] || return 0
    local dir
    dir="$(cd "$p" 2>/dev/null && pwd -P)" || { rm -f "$p"; return 0; }
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null 2>&1 ||
            log "pg_ctl stop failed (see $dir/pg.log)"
    fi
    # The /tmp fallback lives outside the state dir.
    if [ -L "$p" ]; then rm -rf "$dir"; fi
}

# ---------------------------------------------------------------- Redis

start_redis() {
    local d="$STATE/redis"
    mkdir -p "$d"
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --dir "$d" --save '' --appendonly no \
        --pidfile "$d/redis.pid" --logfile "$d/redis.log" > /dev/null
    wait_for_port "$REDIS_PORT" Redis 10
}

stop_redis() {
    local pidfile="$STATE/redis/redis.pid" i
    pid_alive "$pidfile" || return 0
    local pid
    pid="$(head -n1 "$pidfile")"
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

# ---------------------------------------------------------------- settings

write_settings() {
    local pg="Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres;Password=$POSTGRES_PASSWORD;Database=platform"
    local redis="127.0.0.1:$REDIS_PORT"
    local amqp="amqp://guest:guest@127.0.0.1:$RABBITMQ_PORT/"
    local mgmt="http://127.0.0.1:$RABBITMQ_MANAGEMENT_PORT"
    {
        echo "# written by infra/local-servers.sh; ports: postgres $POSTGRES_PORT, redis $REDIS_PORT," \
            "amqp $RABBITMQ_PORT, management $RABBITMQ_MANAGEMENT_PORT, dist $RABBITMQ_DIST_PORT, epmd $EPMD_PORT"
        echo "export PLATFORM_TEST_POSTGRES='$pg'"
        echo "export PLATFORM_TEST_REDIS='$redis'"
        echo "export PLATFORM_TEST_RABBITMQ='$amqp'"
        echo "export PLATFORM_TEST_RABBITMQ_MANAGEMENT='$mgmt'"
        echo "export ConnectionStrings__postgres='$pg'"
        echo "export ConnectionStrings__redis='$redis'"
        echo "export ConnectionStrings__rabbitmq='$amqp'"
    } > "$ENV_FILE"
    # Ports again, in a form `stop` can source without the exports.
    cat > "$STATE/ports" <<EOF
POSTGRES_PORT=$POSTGRES_PORT
REDIS_PORT=$REDIS_PORT
RABBITMQ_PORT=$RABBITMQ_PORT
RABBITMQ_MANAGEMENT_PORT=$RABBITMQ_MANAGEMENT_PORT
RABBITMQ_DIST_PORT=$RABBITMQ_DIST_PORT
EPMD_PORT=$EPMD_PORT
EOF
}

load_ports() {
    [ -f "$STATE/ports" ] || return 1
    # shellcheck disable=SC1091
    . "$STATE/ports"
}

all_running() {
    load_ports || return 1
    local pgdata="$STATE/postgres/data"
    pid_alive "$STATE/rabbitmq/rabbitmq.pid" && pid_alive "$STATE/redis/redis.pid" &&
        [ -f "$pgdata/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$pgdata" status > /dev/null 2>&1 &&
        [ -f "$ENV_FILE" ]
}

# ---------------------------------------------------------------- commands

cmd_stop() {
    [ -d "$STATE" ] || { log "nothing to stop ($STATE does not exist)"; return 0; }
    local t0=$SECONDS
    if load_ports; then
        stop_rabbitmq & local rabbit_pid=$!
        stop_postgres
        stop_redis
        wait "$rabbit_pid" || true
    fi
    rm -rf "$STATE"
    log "stopped in $((SECONDS - t0))s; removed $STATE"
}

cmd_start() {
    if all_running; then
        log "already running (state in $STATE)"
        cat "$ENV_FILE"
        return 0
    fi
    # A half-started or crashed set: clear it and start afresh.
    [ -d "$STATE" ] && cmd_stop
    install_missing

    local started=$EPOCHREALTIME
    mkdir -p "$STATE"
    # Not the default ports (5432, 6379, 5672, 15672, 25672, 4369): another server may hold them.
    pick_port POSTGRES_PORT "${PLATFORM_POSTGRES_PORT:-25432}"
    pick_port REDIS_PORT "${PLATFORM_REDIS_PORT:-26379}"
    pick_port RABBITMQ_PORT "${PLATFORM_RABBITMQ_PORT:-25772}"
    pick_port RABBITMQ_MANAGEMENT_PORT "${PLATFORM_RABBITMQ_MANAGEMENT_PORT:-25773}"
    pick_port RABBITMQ_DIST_PORT "${PLATFORM_RABBITMQ_DIST_PORT:-25774}"
    pick_port EPMD_PORT "${PLATFORM_EPMD_PORT:-24369}"
    POSTGRES_PASSWORD="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    write_settings

    # On any failure below (set -e or die), stop what was already started.
    trap 'if [ "$?" != 0 ]; then log "start failed; stopping what was started"; cmd_stop; fi' EXIT
    log "starting RabbitMQ on $RABBITMQ_PORT (management $RABBITMQ_MANAGEMENT_PORT)"
    start_rabbitmq # first: the Erlang boot is the long pole, the others start while it boots
    log "starting PostgreSQL on $POSTGRES_PORT"
    start_postgres
    log "starting Redis on $REDIS_PORT"
    start_redis
    log "waiting for RabbitMQ"
    await_rabbitmq
    trap - EXIT

    local elapsed
    elapsed=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    log "all servers up in ${elapsed}s (state in $STATE; stop with infra/local-servers.sh stop)"
    cat "$ENV_FILE"
}

# One server down and up again, on the same port and data, for fault-injection tests (Redis comes back empty: it keeps
# nothing on disk). RabbitMQ's VM is killed, as in a crash (durable queues and persistent messages survive): a graceful
# stop takes minutes on a loaded machine, and stop_app/start_app inside a running VM proved unreliable.
cmd_stop_server() {
    load_ports || die "servers are not running"
    case "${1:-}" in
        postgres) as_postgres "$PG_BIN/pg_ctl" -D "$STATE/postgres/data" -m fast -w stop > /dev/null ;;
        redis) stop_redis ;;
        rabbitmq)
            local pid i
            pid="$(head -n1 "$STATE/rabbitmq/rabbitmq.pid")"
            kill -9 "$pid" 2>/dev/null || true
            for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done ;;
        *) die "stop-server takes postgres, redis or rabbitmq" ;;
    esac
}

cmd_start_server() {
    load_ports || die "servers are not running"
    case "${1:-}" in
        postgres)
            local dir
            dir="$(cd "$STATE/postgres" && pwd -P)"
            as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w -t 60 \
                -o "-p $POSTGRES_PORT -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
                start > /dev/null ;;
        redis) start_redis ;;
        rabbitmq) start_rabbitmq; await_rabbitmq ;;
        *) die "start-server takes postgres, redis or rabbitmq" ;;
    esac
}

# A real searx in the foreground (the caller stops it), on loopback, its settings written from infra/searx/settings.yml; it stops by itself after PLATFORM_SEARX_TIMEOUT seconds (default 1800).
cmd_searx() {
    local port=${1:-} search_url=${2:-} settings
    [[ "$port" =~ ^[0-9]+$ ]] && [ -n "$search_url" ] || die "usage: $0 searx PORT SEARCH_URL"
    [ -x /usr/bin/searx-run ] || die "searx is not installed (apt-get install -y searx, or run '$0 start' as root)"
    settings="${TMPDIR:-/tmp}/platform-searx-$port.yml" # one per port: rewritten, not piled up
    sed -e "s|@PORT@|$port|" -e "s|@SEARCH_URL@|${search_url//&/\\&}|" \
        -e "s|@SECRET@|$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')|" "$REPO/infra/searx/settings.yml" > "$settings"
    SEARX_SETTINGS_PATH="$settings" exec timeout "${PLATFORM_SEARX_TIMEOUT:-1800}" /usr/bin/python3 /usr/bin/searx-run
}

cmd_env() {
    all_running || die "servers are not running; use: $0 start"
    cat "$ENV_FILE"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    env) cmd_env ;;
    stop-server) shift; cmd_stop_server "$@" ;;
    start-server) shift; cmd_start_server "$@" ;;
    searx) shift; cmd_searx "$@" ;;
    rabbitmqctl) # e.g. `infra/local-servers.sh rabbitmqctl list_queues`
        shift; load_ports || die "servers are not running"; rabbit_env; exec "$RABBIT_BIN/rabbitmqctl" "$@" ;;
    status) if all_running; then log "running (state in $STATE)"; else log "not running"; exit 1; fi ;;
    *) echo "usage: $0 start|stop|env|status|stop-server NAME|start-server NAME|rabbitmqctl ARGS..." >&2; exit 2 ;;
esac
