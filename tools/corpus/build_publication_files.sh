#!/usr/bin/env bash
# Rebuilds the binary attachments (.pdf, .docx) of the publication records in
# corpus/records/publications/files/ from their Markdown sources in
# tools/corpus/src/publications/.
#
#   <name>.pdf.md   -> corpus/records/publications/files/<name>.pdf   (pandoc + groff/pdfroff)
#   <name>.docx.md  -> corpus/records/publications/files/<name>.docx  (pandoc)
#
# Requirements (Debian): apt-get install -y pandoc groff ghostscript poppler-utils
# Every PDF is checked for extractable text with pdftotext and for size (< 200 KB).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
src="$here/src/publications"
out="$root/corpus/records/publications/files"
mkdir -p "$out"
for cmd in pandoc pdfroff pdftotext; do
  command -v "$cmd" >/dev/null || { echo "missing $cmd (apt-get install -y pandoc groff poppler-utils)" >&2; exit 1; }
done
shopt -s nullglob
for f in "$src"/*.pdf.md; do
  name="$(basename "$f" .pdf.md)"
  pandoc "$f" -s -t ms --pdf-engine=pdfroff -o "$out/$name.pdf"
  size=$(stat -c %s "$out/$name.pdf")
  words=$(pdftotext "$out/$name.pdf" - | wc -w)
  [ "$size" -lt 204800 ] || { echo "$name.pdf too large ($size bytes)" >&2; exit 1; }
  [ "$words" -gt 100 ] || { echo "$name.pdf has no extractable text" >&2; exit 1; }
  echo "built $name.pdf ($size bytes, $words words)"
done
for f in "$src"/*.docx.md; do
  name="$(basename "$f" .docx.md)"
  pandoc "$f" -s -o "$out/$name.docx"
  echo "built $name.docx ($(stat -c %s "$out/$name.docx") bytes)"
done
