#!/usr/bin/env bash
# Installs the Debian tools the end-to-end tests drive: LibreOffice (deck and Word memo → PDF),
# poppler (pdftotext, pdffonts, pdftoppm, pdfinfo), qpdf, Chromium (the preview
# page, driven by playwright-core), Noto fonts, and the office fonts' metric twins a
# reader's LibreOffice has (DejaVu, Liberation, Carlito, Caladea). Does nothing
# when they are already there.
set -euo pipefail
need=()
command -v soffice >/dev/null || need+=(libreoffice-impress)
# Writer opens the Word memo; without it LibreOffice cannot load a .docx at all.
dpkg -s libreoffice-writer >/dev/null 2>&1 || need+=(libreoffice-writer)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v qpdf >/dev/null || need+=(qpdf)
command -v chromium >/dev/null || need+=(chromium)
fc-list 2>/dev/null | grep -q "NotoSans-Regular" || need+=(fonts-noto-core)
fc-list 2>/dev/null | grep -qi "NotoSansCJK" || need+=(fonts-noto-cjk)
# libeot is LibreOffice's reader of embedded fonts; python3 drives it in the embedded-font test.
dpkg -s libeot0 >/dev/null 2>&1 || need+=(libeot0)
command -v python3 >/dev/null || need+=(python3)
# A reader's office fonts: the reader-fonts test renders decks with only these.
for f in fonts-dejavu-core fonts-liberation2 fonts-crosextra-carlito fonts-crosextra-caladea; do
  dpkg -s "$f" >/dev/null 2>&1 || need+=("$f")
done
if [ ${#need[@]} -eq 0 ]; then
  echo "e2e tools: all present"
  exit 0
fi
echo "e2e tools: installing ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "e2e tools: need root or sudo to install ${need[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "e2e tools: installed"
