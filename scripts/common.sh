# Shared by ./tinyvit and ./test: find a JDK >= 21 and Maven, install the data set when missing
# (./test always; ./tinyvit for the commands that read it).
# Sourced, not run.

TINYVIT_MIN_JAVA=21

java_major() {
    "$1" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}' | awk -F. '{ if ($1 == "1") print $2; else print $1 }'
}

# Sets JAVA to a java binary of version >= 21: JAVA_HOME, then java on PATH, then the newest under
# the system's JVM folders.
find_java() {
    local candidates=() c best="" best_version=0 v
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    for c in "${candidates[@]}"; do
        v=$(java_major "$c" 2>/dev/null || echo 0)
        if [ -x "$c" ] && [ "${v:-0}" -ge "$TINYVIT_MIN_JAVA" ] 2>/dev/null; then JAVA="$c"; return 0; fi
    done
    for c in /usr/lib/jvm/*/bin/java /usr/java/*/bin/java /opt/java/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
        [ -x "$c" ] || continue
        v=$(java_major "$c" 2>/dev/null || echo 0)
        if [ "${v:-0}" -ge "$TINYVIT_MIN_JAVA" ] 2>/dev/null && [ "$v" -gt "$best_version" ]; then best="$c"; best_version="$v"; fi
    done
    if [ -n "$best" ]; then JAVA="$best"; return 0; fi
    echo "tinyvit: needs a JDK $TINYVIT_MIN_JAVA or newer and found none (JAVA_HOME, java on PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME" >&2
    return 1
}

find_maven() {
    if command -v mvn >/dev/null 2>&1; then MVN=$(command -v mvn); return 0; fi
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "tinyvit: installing Maven with apt-get" >&2
        (apt-get update -qq && apt-get install -y -qq maven) >&2 && MVN=$(command -v mvn) && return 0
    fi
    echo "tinyvit: needs Apache Maven 3.8 or newer to build; install it (Debian: apt-get install maven)" >&2
    return 1
}

# Whether the tinyvit command line "$@" reads Fashion-MNIST: a command that trains or evaluates on
# it, without --data naming other files and without asking for help.
reads_data() {
    case "${1:-}" in pipeline|teacher|distill|logits|search|train-family|fidelity|bench) ;; *) return 1 ;; esac
    local a
    for a in "$@"; do
        case "$a" in --data|--data=*|-h|--help) return 1 ;; esac
    done
}

# Fashion-MNIST from Debian's package, installed when missing and possible.
ensure_fashion_mnist() {
    local dir=/usr/share/datasets/fashion-mnist
    [ -n "${TINYVIT_DATA:-}" ] && return 0
    [ -f "$dir/train-images-idx3-ubyte.gz" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "tinyvit: installing Debian's dataset-fashion-mnist" >&2
        (apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist) >&2 || \
            echo "tinyvit: could not install dataset-fashion-mnist; commands that need it will say so" >&2
    else
        echo "tinyvit: Fashion-MNIST is missing; install it with 'apt-get install dataset-fashion-mnist' or set TINYVIT_DATA" >&2
    fi
}
