/**
 * serve runs for months beside the media servers it watches, so its memory is kept near what it uses.
 *
 * After each full collection V8 lets the old generation grow to its live size times a factor (up to 4 for a
 * process that allocates fast) before the next one. A monitor's garbage is steady, not a burst: each probe's
 * result, answers and connection objects live about one interval and are then replaced. With the default factor
 * that slack is resident memory that only waits for the next full collection (60-100 MB at 1,000 nodes, which made
 * peak RSS swing run to run). A growth of 30% keeps the old generation near its live size, for about a point of one
 * core at 1,000 nodes (more frequent, mostly concurrent marking).
 *
 * Set once, when serve starts its engine (src/monitor/engine-serve.ts; bench/fleet.ts does the same, to measure
 * serve as it runs); V8 reads the flag whenever it sets the old generation's limit.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 30;

let tuned = false;

export function tuneHeapForMonitor(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
