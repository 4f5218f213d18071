#!/usr/bin/env bash
# `npm run record-histories`: runs every workflow story on the time-skipping server and writes
# each story's workflow histories (every run, through continue-as-new) to test/histories/, for
# the replay test. Run it when a story or a branch is added; after that, any change to workflow
# behaviour must replay these histories unchanged (use patched() for the new behaviour).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
find test/histories -name '*.json' -delete 2>/dev/null || true
BF_SKIP_STATIC=1 BF_RECORD_HISTORIES=1 bash scripts/test.sh test/workflow --testPathIgnorePatterns replay "$@"
count=$(find test/histories -name '*.json' | wc -l)
size=$(du -sh test/histories | cut -f1)
log "recorded $count histories ($size) in test/histories/"
