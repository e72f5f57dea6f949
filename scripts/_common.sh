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

# Install Debian packages with apt-get (sudo only when not root); $1 says why, for the messages.
apt_install() {
    local why="$1"; shift
    command -v apt-get >/dev/null 2>&1 || die "$why: no apt-get here; install $* by hand"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "$why: not root and no sudo; install $* by hand"
        sudo="sudo"
    fi
    if [ -z "${APT_UPDATED:-}" ]; then
        $sudo apt-get update -qq
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

# Graphviz and a font with Lao glyphs, for `gswg diagram` (Noto Sans Lao, with Noto Sans for
# the Latin letters; Phetsarath OT from fonts-lao will do too).
ensure_graphviz_and_lao_font() {
    if command -v dot >/dev/null 2>&1; then
        step "Graphviz found: $(dot -V 2>&1)"
    else
        step "Graphviz not found: installing Debian's graphviz"
        apt_install "no Graphviz" graphviz
        command -v dot >/dev/null 2>&1 || die "graphviz installed but dot is still not on PATH"
    fi
    if command -v fc-list >/dev/null 2>&1 \
        && fc-list :lang=lo family | grep -q -e "Noto Sans Lao" -e "Phetsarath OT"; then
        step "Lao font found: $(fc-list :lang=lo family | grep -m1 -e "Noto Sans Lao" -e "Phetsarath OT")"
    else
        step "no Lao font (Noto Sans Lao or Phetsarath OT): installing Debian's fonts-noto-core"
        apt_install "no Lao font" fontconfig fonts-noto-core
        fc-list :lang=lo family | grep -q "Noto Sans Lao" \
            || die "fonts-noto-core installed but fontconfig lists no Noto Sans Lao"
    fi
}

# A Java runtime for OWL reasoning (owlready2 runs HermiT on Java; gswg build and gswg reason).
ensure_java() {
    if command -v java >/dev/null 2>&1; then
        step "Java found: $(java -version 2>&1 | head -n 1)"
    else
        step "Java not found: installing Debian's default-jre-headless"
        apt_install "no Java" default-jre-headless
        command -v java >/dev/null 2>&1 || die "default-jre-headless installed but java is still not on PATH"
    fi
}
