/**
 * Compose durations (`stop_grace_period: 1m30s`): a sequence of numbers with units `us`, `ms`,
 * `s`, `m`, `h`, as Go's time.ParseDuration reads them.
 */
const UNIT_SECONDS: Record<string, number> = { us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** The duration in seconds; `undefined` for anything else (a bare number, a variable, a typo). */
export function parseComposeDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(?:\d+(?:\.\d+)?(?:us|µs|ms|s|m|h))+$/.test(trimmed)) return undefined;
  let seconds = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)/g)) seconds += Number(match[1]) * UNIT_SECONDS[match[2]];
  return seconds;
}

/** Seconds as Compose writes them: `45s`, `1m30s`, `2m`. */
export function formatComposeDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  if (minutes === 0) return `${rest}s`;
  return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
}
