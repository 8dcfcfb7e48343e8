#!/usr/bin/env bash
# Installs the system programs normforge's scraper, reports and sheet checks use: Debian's
# Chromium (Playwright drives it; no browser download), LibreOffice Calc (sheet round trips) and
# poppler-utils (pdftotext/pdftoppm read back the sheets LibreOffice prints).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "normforge setup: installing ${missing[*]} with apt-get" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
