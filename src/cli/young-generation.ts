/**
 * How far V8's young generation may grow, set per file by the CLI, and when the old one is collected.
 *
 * A run over many Dockerfiles makes much short-lived garbage per file (syntax trees, models) over
 * a small live set; V8 doubles the young generation as it fills, and the doubled spaces stay
 * resident: over 10,000 Dockerfiles that was 45 MB of a 167 MB peak. Kept at its first size
 * (growth factor 1), the peak is 123 MB and the time unchanged. One large file is the opposite
 * case: its syntax tree is one big live set, and a young generation that cannot grow copies it
 * over and over (a 5 MiB file took 17 s instead of 12 s). So a file above LARGE_FILE lets it
 * grow as V8 does by default, and the next small file holds it again.
 *
 * V8 reads the flag whenever it resizes the new space, so changing it between files is safe; it
 * changes no result, only memory and time.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Above this many characters a Dockerfile is linted with V8's default growth. */
export const LARGE_FILE = 64 * 1024;
/** V8's own growth factor for the new space. */
const DEFAULT_GROWTH = 2;

let current: number | undefined;

/**
 * The old generation, between files. What one file's lint makes outlives the small young
 * generation and is promoted, and V8 lets the old generation grow to several times its live set
 * before it collects it: over 10,000 services the heap reached 101 MB with 40 MB live (166 MB
 * resident). So between two files, when the heap holds more than twice what was live after the
 * last collection (and at least HEAP_FLOOR), the CLI collects it: 8 full collections instead of
 * 3 over those 10,000 files, about 0.2 s of 15 s of CPU, for a peak of 133 MB.
 */
const HEAP_FLOOR = 40 * 1024 * 1024;
let collect: (() => void) | undefined;
let collectAbove = HEAP_FLOOR;

/** Sets the young generation's growth for the file about to be linted, and collects the old generation's garbage when it has piled up. */
export function sizeYoungGenerationFor(textLength: number): void {
  // V8's own figure, without the system calls process.memoryUsage() makes for the resident size.
  if (getHeapStatistics().used_heap_size > collectAbove) {
    if (collect === undefined) {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
    collect();
    collectAbove = Math.max(HEAP_FLOOR, 2 * getHeapStatistics().used_heap_size);
  }
  const wanted = textLength > LARGE_FILE ? DEFAULT_GROWTH : 1;
  if (wanted === current) return;
  setFlagsFromString(`--semi-space-growth-factor=${wanted}`);
  current = wanted;
}
