/**
 * The ingest summary says which columns of a delimited file were read and which were ignored, so a
 * rating or timestamp column that was not selected does not go unnoticed (a temporal split would
 * silently fall back to row order).
 */
import type { ColumnPositions } from './columns.js';

const FLAG_OF: Record<string, RegExp> = {
  '--rating-col': /^(rating|ratings|score|stars?|value|weight)$/i,
  '--time-col': /^(time|timestamp|ts|date|datetime|created(_at)?|unix_?time)$/i,
};

/** One note line when the file has columns that were not used; null when every column was read. */
export function describeColumnUse(
  file: string,
  header: string[] | null,
  fieldCount: number,
  pos: ColumnPositions,
): string | null {
  const name = (k: number) => (header ? `${JSON.stringify(header[k])} (${k})` : `${k}`);
  const used = new Map<number, string>();
  for (const role of ['user', 'item', 'rating', 'time'] as const) if (pos[role] >= 0) used.set(pos[role], role);
  const unused = Array.from({ length: fieldCount }, (_, k) => k).filter((k) => !used.has(k));
  if (unused.length === 0) return null;
  const suggestions: string[] = [];
  for (const [flag, re] of Object.entries(FLAG_OF)) {
    const roleTaken = flag === '--rating-col' ? pos.rating >= 0 : pos.time >= 0;
    const k = header ? unused.find((u) => re.test(header[u].trim())) : undefined;
    if (!roleTaken && k !== undefined) suggestions.push(`${flag} ${JSON.stringify(header![k].trim())}`);
  }
  const usedText = [...used.entries()]
    .sort(([a], [b]) => a - b)
    .map(([k, role]) => `${role} ${name(k)}`)
    .join(', ');
  const ignoredText =
    unused.slice(0, 8).map(name).join(', ') + (unused.length > 8 ? `, … (${unused.length} in all)` : '');
  const rating = pos.rating >= 0 ? '' : ' no ratings (every interaction counts as 1);';
  const time = pos.time >= 0 ? '' : ' no timestamps (time-based splits use row order);';
  return `${file}: columns used: ${usedText}; ignored: ${ignoredText};${rating}${time}${suggestions.length ? ` pass ${suggestions.join(' / ')} to use them` : ''}`.replace(
    /;$/,
    '',
  );
}
