#!/usr/bin/env bash
# Install bubblewrap (/usr/bin/bwrap), with which coursekit.sandbox confines the
# kernels that run students' notebooks while autograding.
# Idempotent: does nothing when bwrap is already installed; runs apt-get update
# only when apt does not know the package yet.
set -euo pipefail

check() {
    if bwrap --ro-bind / / --unshare-pid --unshare-net --proc /proc --dev /dev true 2>/dev/null; then
        echo "sandbox-deps: bubblewrap works here"
    else
        echo "sandbox-deps: WARNING: bubblewrap is installed but cannot create a sandbox here" \
             "(no user namespaces? in a container, run it with the rights to create namespaces)" >&2
    fi
}

if command -v bwrap >/dev/null 2>&1; then
    echo "sandbox-deps: bubblewrap is already installed ($(bwrap --version 2>/dev/null || echo 'version unknown'))"
    check
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
APT="$SUDO env DEBIAN_FRONTEND=noninteractive apt-get"
if ! apt-cache policy bubblewrap 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    echo "sandbox-deps: apt does not know bubblewrap yet: apt-get update"
    $APT update -q
fi
echo "sandbox-deps: installing bubblewrap with apt-get"
$APT install -y -q bubblewrap
bwrap --version
check
