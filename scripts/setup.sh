#!/usr/bin/env bash
# Installs the system programs normforge's scraper, reports and sheet checks use: Debian's
# Chromium (Playwright drives it; no browser download) and LibreOffice Calc (sheet round trips).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v libreoffice >/dev/null 2>&1 || missing+=(libreoffice-calc)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "normforge setup: installing ${missing[*]} with apt-get" >&2
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
