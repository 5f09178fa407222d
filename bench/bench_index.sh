#!/usr/bin/env bash
# Indexing benchmark (issue 3): kr-index against Xapian's omindex on the same text.
#   bench/bench_index.sh COUNT [REPEAT]
# Generates COUNT records (bench/generate_corpus.py), writes the same text as HTML pages for
# omindex (bench/corpus_to_html.py), then times, for each tool: a full run into an empty index,
# an incremental run with nothing changed, and an incremental run with 1% of records changed.
# The full runs are repeated REPEAT times (default 1), alternating the tools.
# Results: $RESULTS/times.tsv (label wall user sys maxrss_kb load1), $RESULTS/sizes.tsv,
# $RESULTS/text-COUNT.txt (bytes of text). Needs build-bench/indexer/kr-index and omindex.
# KR_BENCH_REUSE_CORPUS=1 keeps $WORK/corpus-COUNT and $WORK/html-COUNT when both exist (a 100k
# corpus takes minutes to generate); the 1% change then edits records already edited once.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

count=${1:?usage: bench_index.sh COUNT [REPEAT]}
repeat=${2:-1}
corpus=$WORK/corpus-$count
html=$WORK/html-$count
kr_index=$BUILD/indexer/kr-index
command -v omindex >/dev/null || { log "omindex missing: apt-get install xapian-omega"; exit 2; }
[[ -x $kr_index ]] || { log "$kr_index missing: build it first"; exit 2; }

if [[ ${KR_BENCH_REUSE_CORPUS:-0} == 1 && -d $corpus && -d $html ]]; then
  log "reusing $corpus and $html"
else
  # A fresh corpus every time: the 1% change below edits records in place.
  log "generating $count records"
  rm -rf "$corpus" "$html"
  python3 "$BENCH_DIR/generate_corpus.py" --count "$count" --out "$corpus"
  python3 "$BENCH_DIR/corpus_to_html.py" --corpus "$corpus" --out "$html" | tee "$RESULTS/text-$count.txt"
fi
du -skL "$corpus" | cut -f1 >"$RESULTS/corpus-$count.kb"

kr_full() { rm -rf "$WORK/kr-$count"; timed "kr-full-$count-$1" "$kr_index" --corpus "$corpus" --index "$WORK/kr-$count" --json --no-progress; }
# -S: spelling data, as kr-index builds it for "did you mean".
omi_full() { rm -rf "$WORK/omega-$count"; timed "omindex-full-$count-$1" omindex -S --db "$WORK/omega-$count" --url / "$html"; }

for ((r = 1; r <= repeat; r++)); do
  wait_quiet 120
  if ((r % 2)); then kr_full "$r"; omi_full "$r"; else omi_full "$r"; kr_full "$r"; fi
done
echo "kr-$count $(size_kb "$WORK/kr-$count/current/")" >>"$RESULTS/sizes.tsv"
echo "omindex-$count $(size_kb "$WORK/omega-$count")" >>"$RESULTS/sizes.tsv"

wait_quiet 60
timed "kr-unchanged-$count" "$kr_index" --corpus "$corpus" --index "$WORK/kr-$count" --json --no-progress
timed "omindex-unchanged-$count" omindex -S --db "$WORK/omega-$count" --url / "$html"

# A reused corpus was changed before: a new tag (minutes since the epoch, kept under 20,000 so the
# pages' dates stay in their month) gives the pages a new modification time that omindex notices.
tag=1
[[ ${KR_BENCH_REUSE_CORPUS:-0} == 1 ]] && tag=$(($(date +%s) / 60 % 20000 + 2))
python3 "$BENCH_DIR/change_records.py" --corpus "$corpus" --html "$html" --share 0.01 --tag "$tag" | tee "$RESULTS/changed-$count.txt"
wait_quiet 60
timed "kr-changed1pct-$count" "$kr_index" --corpus "$corpus" --index "$WORK/kr-$count" --json --no-progress
timed "omindex-changed1pct-$count" omindex -S --db "$WORK/omega-$count" --url / "$html"
echo "kr-$count-after-1pct $(size_kb "$WORK/kr-$count/current/")" >>"$RESULTS/sizes.tsv"
echo "omindex-$count-after-1pct $(size_kb "$WORK/omega-$count")" >>"$RESULTS/sizes.tsv"
