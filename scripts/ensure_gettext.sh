#!/usr/bin/env bash
# compilemessages (and makemessages) call GNU gettext's msgfmt and xgettext.
set -euo pipefail
if command -v msgfmt >/dev/null && command -v xgettext >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "GNU gettext (msgfmt, xgettext) is missing. Install it as root:" >&2
  echo "  apt-get install -y gettext" >&2
  exit 1
fi
echo "Installing GNU gettext for the translations..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
