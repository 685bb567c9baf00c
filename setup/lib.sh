# Shared helpers of setup/run and setup/test (sourced, not executed).
# shellcheck shell=bash

KAM_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KAM_ADDONS="kam_lifecycle,kam_complaints,kam_segmentation"
KAM_STATE="$KAM_ROOT/.kam"
# The interpreter: $PYTHON when given (used as it is), else the virtual environment that
# setup/run built in .kam/venv (complete once stamped), else python3.
if [ -n "${PYTHON:-}" ]; then
    KAM_PYTHON_GIVEN=1
elif [ -f "$KAM_STATE/venv/.kam-complete" ] && [ -x "$KAM_STATE/venv/bin/python" ]; then
    PYTHON="$KAM_STATE/venv/bin/python"
else
    PYTHON=python3
fi
KAM_PYTHON_GIVEN=${KAM_PYTHON_GIVEN:-}

kam_odoo_importable() {
    timeout 60 "$PYTHON" -c "import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)" \
        >/dev/null 2>&1
}

kam_odoo_missing_sentence() {
    echo "Odoo 18.0 is not importable by $PYTHON: run setup/run once (it installs Odoo into" \
        ".kam/venv), or set PYTHON to an interpreter that imports Odoo 18.0."
}

# The stamp of requirements.txt as installed for $PYTHON.
kam_requirements_sum() {
    { cat "$KAM_ROOT/requirements.txt"; echo "$PYTHON"; } | sha1sum | cut -c1-40
}

# Start the local PostgreSQL cluster(s) if one is installed and down.
# (setup/install.sh installs one when there is none.)
kam_start_postgres() {
    if command -v pg_isready >/dev/null 2>&1 && pg_isready -q ${KAM_DB_HOST:+-h "$KAM_DB_HOST"}; then
        return 0
    fi
    if command -v pg_lsclusters >/dev/null 2>&1; then
        pg_lsclusters --no-header 2>/dev/null | while read -r ver name _port status _rest; do
            if [ "$status" != "online" ]; then
                echo "Starting PostgreSQL cluster $ver/$name"
                pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start \
                    || pg_ctlcluster "$ver" "$name" start
            fi
        done
        for _ in $(seq 1 30); do
            pg_isready -q ${KAM_DB_HOST:+-h "$KAM_DB_HOST"} && return 0
            sleep 1
        done
    fi
    if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q ${KAM_DB_HOST:+-h "$KAM_DB_HOST"}; then
        echo "PostgreSQL is not reachable: start it or set KAM_DB_HOST/KAM_DB_USER." >&2
        return 1
    fi
    return 0
}

# The addons path: this repository and the addons of the importable Odoo.
kam_addons_path() {
    "$PYTHON" - "$KAM_ROOT" <<'PY'
import os, sys
import odoo
paths = [sys.argv[1]]
extra = os.environ.get("ODOO_ADDONS_PATH")
if extra:
    paths += [p for p in extra.split(",") if p]
base = os.path.dirname(os.path.abspath(odoo.__file__))
for cand in (os.path.join(base, "addons"), os.path.join(os.path.dirname(base), "addons")):
    if os.path.isdir(os.path.join(cand, "sale_management")) or os.path.isdir(os.path.join(cand, "base")):
        if cand not in paths:
            paths.append(cand)
print(",".join(paths))
PY
}

# Write an Odoo configuration file for database $1 and print its path.
kam_write_config() {
    local db=$1 conf
    mkdir -p "$KAM_STATE"
    conf="$KAM_STATE/odoo-$db.conf"
    {
        echo "[options]"
        echo "addons_path = $(kam_addons_path)"
        echo "db_name = $db"
        echo "dbfilter = ^$db\$"
        echo "list_db = False"
        echo "db_host = ${KAM_DB_HOST:-False}"
        echo "db_port = ${KAM_DB_PORT:-False}"
        echo "db_user = ${KAM_DB_USER:-False}"
        echo "db_password = ${KAM_DB_PASSWORD:-False}"
        echo "data_dir = $KAM_STATE/data"
        echo "http_port = ${KAM_PORT:-8069}"
        echo "max_cron_threads = ${KAM_CRON_THREADS:-1}"
    } >"$conf"
    echo "$conf"
}

kam_psql() {
    psql -X -q -v ON_ERROR_STOP=1 ${KAM_DB_HOST:+-h "$KAM_DB_HOST"} ${KAM_DB_PORT:+-p "$KAM_DB_PORT"} \
        ${KAM_DB_USER:+-U "$KAM_DB_USER"} "$@"
}

kam_db_exists() {
    [ "$(kam_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = "1" ]
}

kam_drop_db() {
    kam_psql -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$KAM_STATE/data/filestore/$1" "$KAM_STATE/odoo-$1.conf"
}

# A fingerprint of the addons' sources: an upgrade is needed when it changes.
kam_addons_fingerprint() {
    (cd "$KAM_ROOT" && find kam_lifecycle kam_complaints kam_segmentation -type f \
        \( -name '*.py' -o -name '*.xml' -o -name '*.csv' -o -name '*.po' -o -name '*.pot' \) \
        -not -path '*/tests/*' -print0 | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-40)
}

# The Chrome/Chromium executable Odoo's HttpCase looks for, or nothing.
kam_chrome_bin() {
    local bin
    for bin in google-chrome chromium chromium-browser google-chrome-stable; do
        if command -v "$bin" >/dev/null 2>&1; then
            command -v "$bin"
            return 0
        fi
    done
    return 1
}

# Make the browser tier ready when it can: websocket-client from requirements.txt,
# chromium through apt when running as root with apt. Prints why it is not ready
# (empty when it is) and returns 1 then.
kam_browser_tier() {
    local missing=() requirement
    if ! "$PYTHON" -c "import websocket" >/dev/null 2>&1; then
        requirement=$(grep -E '^websocket-client' "$KAM_ROOT/requirements.txt" || echo websocket-client)
        echo "Installing $requirement" >&2
        "$PYTHON" -m pip install -q "$requirement" >&2 || true
    fi
    if ! kam_chrome_bin >/dev/null; then
        if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
            echo "Installing chromium through apt" >&2
            { apt-get update -qq \
                && { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
                    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-browser; }; } >&2 || true
        fi
    fi
    "$PYTHON" -c "import websocket" >/dev/null 2>&1 \
        || missing+=("websocket-client is not importable by $PYTHON (pip install websocket-client)")
    kam_chrome_bin >/dev/null \
        || missing+=("no Chromium or Chrome found (apt-get install chromium, as root)")
    if [ ${#missing[@]} -gt 0 ]; then
        local joined
        joined=$(printf '%s; ' "${missing[@]}")
        echo "${joined%; }"
        return 1
    fi
    return 0
}

source "$KAM_ROOT/setup/install.sh"
