#!/usr/bin/env bash
# `npm run record-histories`: runs every workflow story on the time-skipping server and writes
# each story's workflow histories (every run, through continue-as-new) to test/histories/, for
# the replay test. Run it when a story or a branch is added; after that, any change to workflow
# behaviour must replay these histories unchanged (use patched() for the new behaviour).
# Nothing is deleted: a story's files are written again under their names, and histories of older
# code (`before-<patch>--…`, or recorded with BF_HISTORY_PREFIX) stay, since no story can record
# them again and they stand for runs still replaying somewhere. Extra arguments go to jest
# (`npm run record-histories -- test/workflow/programme.test.ts -t 'milestone'`).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
BF_SKIP_STATIC=1 BF_RECORD_HISTORIES=1 bash scripts/test.sh test/workflow --testPathIgnorePatterns replay "$@"
count=$(find test/histories -name '*.json' | wc -l)
size=$(du -sh test/histories | cut -f1)
log "recorded $count histories ($size) in test/histories/"
