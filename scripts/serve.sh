#!/bin/sh
# Starts the service (API, worker or both, by WORKER_MODE). `npm start`, the Docker image, the benchmark and
# the tests that run the service as processes all start it here, with the same heap limit.
#
# NODE_HEAP_MB bounds the V8 heap (old space) of the process, 384 MB unless set. Without a bound, V8 on a large
# machine lets garbage grow the heap to several times what is live: one worker running four 250k-row syncs at
# once held about 130 MB live and reached 519 MB resident. Raise it with SYNC_BATCH_SIZE × WORKER_CONCURRENCY.
# Arguments go to node (the benchmark's --cpu-prof, say).
exec node --max-old-space-size="${NODE_HEAP_MB:-384}" "$@" "$(dirname "$0")/../dist/src/main.js"
