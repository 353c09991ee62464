#!/usr/bin/env bash
# Install everything gongkai needs on Debian 12 / Python 3.11, idempotently:
# Debian packages (LibreOffice for .doc, poppler-utils for tests, CJK fonts) and a virtualenv in .venv
# with gongkai, its OCR extra (rapidocr + onnxruntime, models inside the wheel) and its development
# tools. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libreoffice-writer-nogui poppler-utils fonts-noto-cjk qpdf libpango-1.0-0 libpangoft2-1.0-0
              libharfbuzz-subset0 postgresql chromium)
missing=()
for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "==> apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "==> creating .venv"
    "$PY" -m venv .venv
fi
# the stamp holds what was installed (the extras and pyproject.toml's hash): any change reinstalls
EXTRAS="web,dev,ocr"
stamp=.venv/.gongkai-installed
want="$EXTRAS $(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "==> pip install -e .[$EXTRAS]"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".[$EXTRAS]"
    echo "$want" > "$stamp"
fi
