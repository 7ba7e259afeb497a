import { isTimestamp, toTimestamp } from '../core/model/time';
import type { Timestamp } from '../core/model/types';

/** A date on the command line (--now, --since, --until): `2026-02-25` (midnight UTC) or a full ISO timestamp. */
export function parseTime(value: string): Timestamp | undefined {
  const candidate = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  return isTimestamp(candidate) ? toTimestamp(Date.parse(candidate)) : undefined;
}
