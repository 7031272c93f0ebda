# lib.sh: what the command-line tests share. Sourced by a test script run
# as `sh SCRIPT SCHEMAC [ARGS...]`: sets $schemac (absolute, since the test
# then works in a scratch directory it deletes at exit), NO_COLOR, $failed,
# and the helpers below. The script ends with `exit "$failed"`.
set -u
schemac=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export NO_COLOR=1
failed=0

fail() {
    echo "FAIL $*" >&2
    failed=1
}

# run NAME WANT_STATUS ARGS...: runs schemac for at most 20 s (a hang fails,
# it does not stall the suite); output in out, err.
run() {
    name=$1
    want=$2
    shift 2
    timeout 20 "$schemac" "$@" >out 2>err
    got=$?
    [ "$got" -eq "$want" ] && return 0
    fail "$name: exit status $got, want $want"
    cat err >&2
    return 1
}

stderr_has() { # NAME TEXT: stderr holds TEXT
    grep -qF -- "$2" err || { fail "$1: stderr lacks '$2'"; cat err >&2; }
}

stderr_is() { # NAME TEXT: stderr is exactly TEXT
    printf '%s\n' "$2" >want
    cmp -s want err || { fail "$1: unexpected stderr"; diff want err >&2; }
}

stderr_empty() { # NAME
    [ -s err ] && { fail "$1: unexpected stderr"; cat err >&2; }
}

stdout_empty() { # NAME
    [ -s out ] && { fail "$1: wrote to stdout"; head -c 300 out >&2; }
}
