# Shared by scripts/run and scripts/test (sourced, not executed).

step() { printf '\n==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Create .venv with a Python >= 3.11 unless it exists already; $PYTHON overrides the interpreter.
ensure_venv() {
    local python="${PYTHON:-python3}"
    if [ -x .venv/bin/python ]; then
        step "using the existing virtual environment .venv"
        return
    fi
    command -v "$python" >/dev/null 2>&1 || die "$python not found; install Python 3.11+ or set PYTHON=/path/to/python3.11"
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "$python is $("$python" -V 2>&1); gswg-graph needs Python 3.11+ (set PYTHON=...)"
    step "creating the virtual environment .venv with $("$python" -V 2>&1)"
    "$python" -m venv .venv || die "python3 -m venv failed; on Debian/Ubuntu: apt-get install python3-venv"
}

# Install this checkout into .venv in editable mode; $1 is the extras suffix, e.g. "[dev]".
install_project() {
    step "installing gswg-graph$1 into .venv (pip install -e '.$1')"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$1"
}
