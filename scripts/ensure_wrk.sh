#!/usr/bin/env bash
# `make bench` drives the server with Debian's wrk.
set -euo pipefail
if command -v wrk >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "wrk is missing. Install it as root: apt-get install -y wrk" >&2
  exit 1
fi
echo "Installing Debian's wrk for the benchmarks..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
