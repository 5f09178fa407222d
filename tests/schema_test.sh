#!/bin/sh
# Validates the contract's example record and every corpus record against schemas/record.xsd.
# Usage (from the source root): tests/schema_test.sh [XMLLINT]
# Fails when any file fails, and when there is nothing to check (an empty corpus proves nothing).
set -u
xmllint=${1:-xmllint}
schema=schemas/record.xsd
[ -f "$schema" ] || { echo "schema_test: run from the source root ($schema not found)" >&2; exit 2; }

list=$(mktemp) || exit 2
trap 'rm -f "$list"' EXIT
echo tests/data/record-format-example.xml > "$list"
find corpus -name '*.xml' -not -path '*/files/*' | sort >> "$list"
count=$(($(wc -l < "$list") - 1))
if [ "$count" -eq 0 ]; then
  echo "schema_test: no records found under corpus/" >&2
  exit 1
fi

failed=0
while IFS= read -r file; do
  if ! out=$("$xmllint" --noout --nonet --schema "$schema" "$file" 2>&1); then
    printf '%s\n' "$out" >&2
    failed=$((failed + 1))
  fi
done < "$list"

echo "schema_test: $count corpus records + the contract example checked, $failed failed"
[ "$failed" -eq 0 ]
