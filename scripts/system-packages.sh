#!/usr/bin/env bash
# Debian packages PanelHire needs outside Python: Chromium for browser tests, poppler for
# reading PDFs back in tests, and the Pango stack WeasyPrint renders with.
# Installs what is missing when run as root; otherwise says what to install.
set -euo pipefail

needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
command -v pdftotext >/dev/null 2>&1 || needed+=(poppler-utils)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || needed+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || needed+=(fonts-dejavu-core)

if [ ${#needed[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages: ${needed[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
    exit 0
fi
echo "Missing Debian packages: ${needed[*]}" >&2
echo "Install them with: sudo apt-get install ${needed[*]}" >&2
if [ "${CI:-}" = "true" ]; then
    exit 1
fi
