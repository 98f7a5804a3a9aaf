#!/usr/bin/env bash
# Make sure the local PostgreSQL and Redis the tests use answer; start them if they do not.
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$version" ]; then
    echo "PostgreSQL is not installed: install it (apt-get install postgresql) with trust auth for user postgres on 127.0.0.1:5432." >&2
    exit 1
  fi
  echo "Starting PostgreSQL $version ..."
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if ! command -v redis-server >/dev/null; then
    echo "Redis is not installed: install it (apt-get install redis-server)." >&2
    exit 1
  fi
  echo "Starting Redis ..."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi

pg_isready -h 127.0.0.1 -p 5432
redis-cli -h 127.0.0.1 -p 6379 ping
