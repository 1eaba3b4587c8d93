#!/usr/bin/env bash
# Runs Vigie's whole test suite: `cargo test`, after making sure the real
# consumers some tests drive are installed — LibreOffice (the action plan
# XLSX is converted headless) and Chromium (the HTML report is rendered,
# screenshotted and printed to PDF). On a fresh Debian or Ubuntu machine it
# installs them with apt-get (as root, or through sudo); elsewhere it says
# what is missing. Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)

if ((${#need[@]})); then
  echo "Installation des outils des tests : ${need[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    apt=(apt-get)
  elif command -v sudo >/dev/null 2>&1; then
    apt=(sudo apt-get)
  else
    echo "erreur : installez ${need[*]} (apt-get install ${need[*]}), puis relancez." >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${apt[@]}" update -qq
  "${apt[@]}" install -y -qq --no-install-recommends "${need[@]}" fonts-dejavu-core >/dev/null
fi

exec cargo test "$@"
