# What setup/run installs when it is missing (sourced by lib.sh, not executed):
#  - Odoo 18.0 Community in a virtual environment .kam/venv, its sources in .kam/odoo;
#  - PostgreSQL through apt (as root), or a message saying what to install.
# Every step prints what it does and how long it usually takes, then how long it took.
# The virtual environment is built in .kam/venv.new and becomes .kam/venv only once every
# step succeeded (stamp .kam/venv/.kam-complete): a failed run leaves the previous state.
# shellcheck shell=bash

KAM_ODOO_GIT_URL="https://github.com/odoo/odoo.git"
KAM_ODOO_ARCHIVE_URL="https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz"
KAM_ODOO_BRANCH=${KAM_ODOO_BRANCH:-18.0}
KAM_VENV="$KAM_STATE/venv"
KAM_ODOO_DIR="$KAM_STATE/odoo"
KAM_BASE_PYTHON=${KAM_BASE_PYTHON:-python3}

_kam_step_name=""
_kam_step_start=0

# kam_step NAME USUAL-DURATION: announce a step.
kam_step() {
    _kam_step_name=$1
    _kam_step_start=$(date +%s)
    echo "==> $1 (usually $2)"
}

kam_step_done() {
    echo "    done in $(($(date +%s) - _kam_step_start)) s"
}

# kam_step_failed [DETAIL]: name the failed step and what is left as it was.
kam_step_failed() {
    echo "Setup failed in step '$_kam_step_name'${1:+: $1}." >&2
    echo "Nothing already installed was changed; fix the cause and run setup/run again." >&2
    return 1
}

kam_is_root() { [ "$(id -u)" = "0" ]; }

kam_can_apt() {
    kam_is_root && command -v apt-get >/dev/null 2>&1 && [ "${KAM_APT:-1}" != "0" ]
}

_kam_apt_updated=""
# kam_apt_install PACKAGE...: install Debian packages (root only), updating the lists once.
kam_apt_install() {
    local opts=(-y -q -o DPkg::Lock::Timeout=600)
    if [ -z "$_kam_apt_updated" ]; then
        apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null || return 1
        _kam_apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install "${opts[@]}" --no-install-recommends "$@" \
        >/dev/null
}

# kam_pip PYTHON ARGS...: pip, without the warnings of index locations this machine lacks.
kam_pip() {
    local py=$1
    shift
    local envs=()
    [ -f "$KAM_STATE/pip-constraints.txt" ] && envs=("PIP_CONSTRAINT=$KAM_STATE/pip-constraints.txt")
    env "${envs[@]}" "$py" -m pip "$@" 2>&1 \
        | grep -v "is ignored: it is neither a file nor a directory"
    return "${PIPESTATUS[0]}"
}

# ---------------------------------------------------------------- Odoo's sources

# The kind of ODOO_SOURCE: default, git, dir or archive.
kam_source_kind() {
    local src=$1
    if [ -z "$src" ]; then
        echo default
    elif [ -d "$src" ]; then
        echo dir
    elif [[ $src =~ \.(tar\.gz|tgz|tar\.xz|tar\.bz2|tar|zip)$ ]]; then
        echo archive
    elif [[ $src =~ ^(https?|git|ssh|file):// ]] || [[ $src =~ ^[^/]+@[^/]+: ]] || [[ $src =~ \.git/?$ ]]; then
        echo git
    else
        echo unknown
    fi
}

# kam_extract_archive ARCHIVE-PATH-OR-URL DEST: unpack, the Odoo tree directly in DEST.
kam_extract_archive() {
    "$KAM_BASE_PYTHON" - "$1" "$2" <<'PY'
import os, shutil, sys, tarfile, tempfile, urllib.request, zipfile

src, dest = sys.argv[1], sys.argv[2]
tmp = tempfile.mkdtemp(prefix="kam-odoo-", dir=os.path.dirname(dest))
try:
    if "://" in src:
        path = os.path.join(tmp, os.path.basename(src.split("?")[0]) or "odoo.tar.gz")
        print(f"    downloading {src}", flush=True)
        with urllib.request.urlopen(src, timeout=120) as resp, open(path, "wb") as out:
            shutil.copyfileobj(resp, out, 1 << 20)
    else:
        path = src
    unpacked = os.path.join(tmp, "unpacked")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            zf.extractall(unpacked)
    else:
        with tarfile.open(path) as tf:
            tf.extractall(unpacked, filter="data") if hasattr(tarfile, "data_filter") else tf.extractall(unpacked)
    root = None
    for cur, dirs, _files in os.walk(unpacked):
        if os.path.isfile(os.path.join(cur, "odoo", "release.py")):
            root = cur
            break
        dirs[:] = [d for d in dirs if d not in ("addons", ".git")]
    if root is None:
        sys.exit(f"no odoo/release.py in {src}")
    os.rename(root, dest)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
PY
}

# kam_fetch_odoo_into DEST: Odoo's sources from ODOO_SOURCE (or the official repository).
kam_fetch_odoo_into() {
    local dest=$1 src=${ODOO_SOURCE:-} kind
    kind=$(kam_source_kind "$src")
    case $kind in
    default)
        if command -v git >/dev/null 2>&1; then
            echo "    shallow clone of $KAM_ODOO_GIT_URL, branch $KAM_ODOO_BRANCH"
            git clone -q --depth 1 --branch "$KAM_ODOO_BRANCH" "$KAM_ODOO_GIT_URL" "$dest"
        else
            kam_extract_archive "$KAM_ODOO_ARCHIVE_URL" "$dest"
        fi
        ;;
    git)
        echo "    shallow clone of $src, branch $KAM_ODOO_BRANCH"
        git clone -q --depth 1 --branch "$KAM_ODOO_BRANCH" "$src" "$dest"
        ;;
    dir)
        echo "    copying $src (without .git)"
        mkdir -p "$dest"
        tar -C "$src" --exclude=./.git --exclude=__pycache__ --exclude='*.pyc' -cf - . \
            | tar -C "$dest" -xf -
        ;;
    archive)
        kam_extract_archive "$src" "$dest"
        ;;
    *)
        echo "ODOO_SOURCE=$src is neither a directory, an archive (.tar.gz, .zip) nor a git URL" >&2
        return 1
        ;;
    esac
}

# The Odoo major version of the tree in $1 (empty when it is no Odoo tree).
kam_odoo_tree_version() {
    [ -f "$1/odoo/release.py" ] || return 0
    "$KAM_BASE_PYTHON" - "$1/odoo/release.py" <<'PY'
import sys
ns = {}
exec(compile(open(sys.argv[1]).read().split("\nversion =")[0], "release", "exec"), ns)
print(ns["version_info"][0])
PY
}

# .kam/odoo: kept when it came from the same ODOO_SOURCE, else fetched into .kam/odoo.new.
kam_ensure_odoo_sources() {
    local want=${ODOO_SOURCE:-default} new="$KAM_ODOO_DIR.new"
    if [ -f "$KAM_ODOO_DIR/.kam-complete" ] && [ "$(cat "$KAM_ODOO_DIR/.kam-complete")" = "$want" ]; then
        echo "==> Odoo $KAM_ODOO_BRANCH sources: $KAM_ODOO_DIR is ready (from $want)"
        return 0
    fi
    kam_step "Odoo $KAM_ODOO_BRANCH sources into .kam/odoo from ${ODOO_SOURCE:-the official repository}" \
        "1 to 3 minutes"
    rm -rf "$new"
    kam_fetch_odoo_into "$new" || {
        rm -rf "$new"
        kam_step_failed "could not get the sources"
        return 1
    }
    if [ "$(kam_odoo_tree_version "$new")" != "18" ]; then
        rm -rf "$new"
        kam_step_failed "${ODOO_SOURCE:-the download} is not Odoo 18.0 (no odoo/release.py of version 18)"
        return 1
    fi
    echo "$want" >"$new/.kam-complete"
    rm -rf "$KAM_ODOO_DIR"
    mv "$new" "$KAM_ODOO_DIR"
    kam_step_done
}

# ---------------------------------------------------------------- the virtual environment

# Odoo's requirements.txt as this machine can install it, written to $2:
# python-ldap (optional: LDAP authentication) needs libldap and libsasl headers, installed
# through apt as root, else it is left out; psycopg2 is built when pg_config exists, else
# the prebuilt psycopg2-binary of the same version is used.
kam_filter_odoo_requirements() {
    local req=$1 out=$2 ldap=1
    if ! { [ -f /usr/include/ldap.h ] && [ -f /usr/include/sasl/sasl.h ]; }; then
        if kam_can_apt; then
            echo "    installing libldap2-dev and libsasl2-dev through apt (for python-ldap)"
            kam_apt_install libldap2-dev libsasl2-dev || ldap=0
        else
            ldap=0
        fi
    fi
    if [ $ldap = 0 ]; then
        echo "    python-ldap left out (optional, LDAP login): it needs the libldap and libsasl" \
            "development headers (Debian: apt-get install libldap2-dev libsasl2-dev)"
    fi
    local pg=1
    command -v pg_config >/dev/null 2>&1 || pg=0
    if [ $pg = 0 ]; then
        echo "    psycopg2 replaced by psycopg2-binary (no pg_config to build it)"
    fi
    awk -v ldap=$ldap -v pg=$pg '
        ldap == 0 && tolower($0) ~ /^python-ldap[ =<>;]/ { next }
        pg == 0 && tolower($0) ~ /^psycopg2[ =<>;]/ { sub(/^psycopg2/, "psycopg2-binary") }
        { print }
    ' "$req" >"$out"
}

kam_python_ok() {
    "$KAM_BASE_PYTHON" -c 'import sys, venv; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1
}

# Build .kam/venv.new with Odoo, its requirements and ours; rename it to .kam/venv.
kam_build_venv() {
    local new="$KAM_VENV.new" py reqs
    kam_step "Python virtual environment .kam/venv" "10 seconds"
    if ! command -v "$KAM_BASE_PYTHON" >/dev/null 2>&1; then
        kam_step_failed "no $KAM_BASE_PYTHON: install Python 3.10 to 3.12"
        return 1
    fi
    if ! kam_python_ok; then
        if kam_can_apt && "$KAM_BASE_PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
            echo "    installing python3-venv through apt"
            kam_apt_install python3-venv || true
        fi
        if ! kam_python_ok; then
            kam_step_failed "$KAM_BASE_PYTHON must be Python 3.10 to 3.12 with its venv module (Debian: python3-venv)"
            return 1
        fi
    fi
    rm -rf "$new"
    "$KAM_BASE_PYTHON" -m venv "$new" || {
        rm -rf "$new"
        kam_step_failed
        return 1
    }
    py="$new/bin/python"
    kam_step_done

    kam_ensure_odoo_sources || {
        rm -rf "$new"
        return 1
    }

    kam_step "Odoo's Python requirements into .kam/venv (pip)" "2 to 5 minutes"
    reqs="$KAM_STATE/odoo-requirements.txt"
    kam_filter_odoo_requirements "$KAM_ODOO_DIR/requirements.txt" "$reqs"
    # Odoo 18.0 pins packages whose setup.py imports pkg_resources, gone from setuptools 81
    # (the constraint applies to pip's isolated build environments too).
    echo "setuptools<81" >"$KAM_STATE/pip-constraints.txt"
    if ! kam_pip "$py" install -q "setuptools<81" wheel || ! kam_pip "$py" install -q -r "$reqs"; then
        rm -rf "$new"
        kam_step_failed "pip could not install Odoo's requirements (see the lines above)"
        return 1
    fi
    kam_step_done

    kam_step "KAM's requirements.txt into .kam/venv (pip)" "30 seconds"
    if ! kam_pip "$py" install -q -r "$KAM_ROOT/requirements.txt"; then
        rm -rf "$new"
        kam_step_failed "pip could not install requirements.txt"
        return 1
    fi
    kam_step_done

    kam_step "Odoo importable in .kam/venv, checked" "5 seconds"
    local site
    site=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    # A relative line: site-packages is .kam/venv/lib/pythonX.Y/site-packages.
    echo "../../../../odoo" >"$site/kam-odoo.pth"
    if ! (cd / && "$py" -c "import odoo.release as r, sys; import odoo.cli; sys.exit(r.version_info[0] != 18)"); then
        rm -rf "$new"
        kam_step_failed "Odoo does not import in the new virtual environment"
        return 1
    fi
    {
        echo "source=${ODOO_SOURCE:-default}"
        echo "python=$("$py" -c 'import sys; print(sys.version.split()[0])')"
        echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    } >"$new/.kam-complete"
    rm -rf "$KAM_VENV.old"
    [ -d "$KAM_VENV" ] && mv "$KAM_VENV" "$KAM_VENV.old"
    mv "$new" "$KAM_VENV"
    rm -rf "$KAM_VENV.old"
    # The scripts' shebangs and activate name the directory they were made in.
    grep -rlIF "$new" "$KAM_VENV/bin" 2>/dev/null | xargs -r sed -i "s|$new|$KAM_VENV|g"
    kam_step_done
}

# Use .kam/venv, building it first when it is missing.
kam_install_odoo() {
    mkdir -p "$KAM_STATE"
    echo "Odoo 18.0 is not importable by $PYTHON: setting it up in .kam/ (once, 3 to 8 minutes)."
    kam_build_venv || return 1
    PYTHON="$KAM_VENV/bin/python"
    # requirements.txt went in with the rest.
    kam_requirements_sum >"$KAM_STATE/requirements.sha1"
}

# ---------------------------------------------------------------- PostgreSQL

kam_pg_answers() {
    command -v pg_isready >/dev/null 2>&1 \
        && pg_isready -q ${KAM_DB_HOST:+-h "$KAM_DB_HOST"} ${KAM_DB_PORT:+-p "$KAM_DB_PORT"}
}

kam_pg_installed() {
    command -v pg_lsclusters >/dev/null 2>&1 || command -v pg_ctl >/dev/null 2>&1 \
        || ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1
}

# A server that answers; installed through apt (as root) when there is none.
kam_ensure_postgres() {
    if kam_pg_answers; then
        return 0
    fi
    if [ -z "${KAM_DB_HOST:-}" ] && ! kam_pg_installed; then
        if ! kam_can_apt; then
            echo "PostgreSQL is not installed and no server answers. Install it (Debian/Ubuntu:" \
                "'sudo apt-get install postgresql', then 'sudo -u postgres createuser -s $(id -un)')," \
                "or point KAM_DB_HOST/KAM_DB_PORT/KAM_DB_USER/KAM_DB_PASSWORD at a server;" \
                "then run this again." >&2
            return 1
        fi
        kam_step "PostgreSQL server through apt" "1 to 2 minutes"
        kam_apt_install postgresql postgresql-client || {
            kam_step_failed "apt-get install postgresql"
            return 1
        }
        kam_step_done
    fi
    kam_start_postgres || return 1
    if kam_is_root && [ -z "${KAM_DB_USER:-}${KAM_DB_HOST:-}" ] && command -v runuser >/dev/null 2>&1; then
        # A fresh cluster knows only the postgres role: give this user one.
        if ! kam_psql -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
            echo "    creating the PostgreSQL role $(id -un)"
            runuser -u postgres -- createuser -s "$(id -un)" || true
        fi
    fi
}
