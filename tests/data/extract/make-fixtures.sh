#!/bin/sh
# Regenerates the extraction fixtures (run from this folder; the results are committed).
# Needs: apt-get install -y pandoc groff ghostscript qpdf python3
set -eu

printf 'Stratégie nationale de migration en Côte d’Ivoire.\r\nNiño, Łódź, Straße.\r\n\r\nSecond paragraph.\n' > sample.txt
printf 'Strat\351gie nationale (Latin-1, not UTF-8).\n' > invalid.txt

# PDF: groff (preconv turns UTF-8 into glyph names), then a locked copy and a truncated copy.
cat > sample.ms <<'MS'
.TL
Diaspora engagement guide
.PP
La stratégie nationale de la Côte d’Ivoire favorise la mobilité des compétences.
.bp
.PP
Second page: evaluación del programa en España.
MS
groff -k -ms -Tpdf sample.ms > sample.pdf
rm sample.ms
qpdf --encrypt secret-user secret-owner 256 -- sample.pdf encrypted.pdf
head -c 300 sample.pdf > truncated.pdf

# DOCX from Markdown with pandoc, then zip bombs built by hand.
pandoc -f markdown -t docx -o sample.docx <<'MD'
# Rapport d’évaluation

La stratégie nationale favorise la **mobilité** des compétences.

Second paragraph: evaluación del programa.\
After a line break.

```{=openxml}
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>Cell</w:t><w:tab/><w:t>next</w:t></w:r></w:p>
```
MD
python3 - <<'PY'
import io, struct, zipfile

def bomb(name, declared=None, mib=20):
    """A .docx whose word/document.xml inflates to `mib` MiB of zeros; with `declared`, the
    local header and the central directory both lie about the uncompressed size."""
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (mib << 20))
    if declared is None:
        return
    data = bytearray(open(name, "rb").read())
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            name_len = struct.unpack_from("<H", data, pos + (26 if sig == b"PK\x03\x04" else 28))[0]
            start = pos + (30 if sig == b"PK\x03\x04" else 46)
            if data[start:start + name_len] == b"word/document.xml":
                struct.pack_into("<I", data, pos + offset, declared)
            pos += 4
    open(name, "wb").write(data)

bomb("bomb.docx")
bomb("bomb-lying.docx", declared=1000)

# Streamed zips (sizes in data descriptors after the data), as some writers produce.
class Unseekable(io.RawIOBase):
    def __init__(self, f): self.f = f
    def writable(self): return True
    def write(self, b): return self.f.write(b)
src = zipfile.ZipFile("sample.docx")
with open("streamed.docx", "wb") as f, zipfile.ZipFile(Unseekable(f), "w", zipfile.ZIP_DEFLATED) as z:
    for item in src.infolist():
        z.writestr(item.filename, src.read(item.filename))
PY
