#!/usr/bin/env bash
# Install PostgreSQL from Debian, start it, and make the role the tests use:
# tests/database.py connects as coursekit (password coursekit) on 127.0.0.1:5432
# (or to $COURSEKIT_TEST_POSTGRES) and makes a fresh database per test.
# Idempotent: installs only when PostgreSQL is missing, starts it only when down.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
APT="$SUDO env DEBIAN_FRONTEND=noninteractive apt-get"

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    if ! apt-cache policy postgresql 2>/dev/null | grep -q 'Candidate: [0-9]'; then
        echo "postgres: apt does not know postgresql yet: apt-get update"
        $APT update -q
    fi
    echo "postgres: installing postgresql with apt-get"
    $APT install -y -q postgresql
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | grep -q "^$VERSION main"; then
    $SUDO pg_createcluster "$VERSION" main
fi
if ! pg_lsclusters -h | grep -q "^$VERSION main .* online"; then
    echo "postgres: starting PostgreSQL $VERSION (cluster main)"
    $SUDO pg_ctlcluster "$VERSION" main start
fi
pg_lsclusters

# The tests' role: may log in with a password and create (and drop) databases.
$SUDO runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coursekit') THEN
    CREATE ROLE coursekit LOGIN CREATEDB PASSWORD 'coursekit';
  END IF;
END $$;
SQL
echo "postgres: role coursekit ready on 127.0.0.1:5432"
