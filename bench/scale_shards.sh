#!/usr/bin/env bash
# Scale-out measurement (issue 7, docs/SCALING.md): in-process search latency and throughput over
# 1, 2 and 4 local shards of the same corpus.
#   bench/scale_shards.sh INDEX4 QUERIES [ROUNDS] [THREADS]
# INDEX4 is a folder written by `kr-index --shards 4`; QUERIES a bench/make_queries.py file.
# The 2- and 1-shard layouts are made from INDEX4's own databases with xapian-compact, so all three
# hold the same documents: shards {0,2} and {1,3} of 4 are exactly what `kr-index --shards 2`
# puts in its shards 0 and 1 (the FNV-1a hash of the id modulo 4 is even exactly when it is even
# modulo 2), and all four together are the combined index. They are written beside INDEX4
# (INDEX4-2, INDEX4-1) and kept for later runs. Every layout's answers are dumped
# (search_bench --dump) and compared: totals, suggestions and facet counts must be identical; hit
# lists may differ in the order of equally ranked hits (docids, the tie-break, differ between a
# compacted database and interleaved shards), which is counted and reported.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

index4=${1:?usage: scale_shards.sh INDEX4 QUERIES [ROUNDS] [THREADS]}
queries=${2:?usage: scale_shards.sh INDEX4 QUERIES [ROUNDS] [THREADS]}
rounds=${3:-2}
threads=${4:-1,2}
bench=$BUILD/bench/search_bench
[[ -x $bench ]] || { log "$bench missing: build with -DKR_BUILD_BENCH=ON"; exit 2; }
[[ $(cat "$index4/SHARDS") == 4 ]] || { log "$index4 is not a 4-shard index"; exit 2; }
live() { readlink -f "$index4/shard-$1/current"; }

if [[ ! -d $index4-2/shard-1 ]]; then
  log "compacting shards 0+2 and 1+3 into $index4-2"
  rm -rf "$index4-2" && mkdir -p "$index4-2"
  xapian-compact "$(live 0)" "$(live 2)" "$index4-2/shard-0" >/dev/null
  xapian-compact "$(live 1)" "$(live 3)" "$index4-2/shard-1" >/dev/null
  echo 2 >"$index4-2/SHARDS"
fi
if [[ ! -f $index4-1/iamglass ]]; then
  log "compacting all four shards into $index4-1"
  rm -rf "$index4-1"
  xapian-compact "$(live 0)" "$(live 1)" "$(live 2)" "$(live 3)" "$index4-1" >/dev/null
fi

for layout in "$index4-1" "$index4-2" "$index4"; do
  name=$(basename "$layout")
  log "search_bench over $name ($(du -sh "$layout" | cut -f1))"
  "$bench" --index "$layout" --queries "$queries" --rounds "$rounds" --threads "$threads" \
    --dump "$RESULTS/scale-$name.dump" | tee "$RESULTS/scale-$name.txt"
done
one=$RESULTS/scale-$(basename "$index4-1").dump
for layout in "$index4-2" "$index4"; do
  other=$RESULTS/scale-$(basename "$layout").dump
  if cmp -s <(sed 's/ hits .*//' "$one") <(sed 's/ hits .*//' "$other"); then
    log "$(basename "$layout"): totals, suggestions and facet counts as one database"
  else
    log "$(basename "$layout"): totals/facets DIFFER from one database (diff the .dump files)"
  fi
  log "$(basename "$layout"): $(diff "$one" "$other" | grep -c '^>' || true) of $(wc -l <"$one") hit lists ordered differently"
done
