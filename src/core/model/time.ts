import type { Timestamp } from './types';

/** Milliseconds since the epoch of an ISO timestamp (NaN when it is not one). */
export function toMillis(at: Timestamp | string): number {
  return Date.parse(at);
}

/** The ISO 8601 UTC form the file format uses: second precision, `Z` suffix. */
export function toTimestamp(date: Date | number): Timestamp {
  const ms = typeof date === 'number' ? date : date.getTime();
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z') as Timestamp;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;

/** True for the UTC timestamps the format accepts (seconds and fractions optional). */
export function isTimestamp(value: unknown): value is Timestamp {
  if (typeof value !== 'string' || !ISO_UTC.test(value)) return false;
  const ms = Date.parse(value);
  // Date.parse rolls impossible dates over (02-30 -> 03-02, 24:00 -> next day): only real ones count.
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 16) === value.slice(0, 16);
}

/**
 * A date as people type it: `2026-02-25` (midnight UTC) or a full ISO timestamp; undefined for
 * anything else. The CLI's --now/--since/--until and Export Retro's "since" both read dates so.
 */
export function parseDate(value: string): Timestamp | undefined {
  const trimmed = value.trim();
  const candidate = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed;
  return isTimestamp(candidate) ? toTimestamp(Date.parse(candidate)) : undefined;
}

/** Whole minutes, rounded down, for display. */
export function wholeMinutes(seconds: number): number {
  return Math.floor(Math.max(0, seconds) / 60);
}

/** `1 h 05 min`, `12 min`, `0 min`: compact durations for tree rows and reports. */
export function formatDuration(seconds: number): string {
  const minutes = wholeMinutes(seconds);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
}
