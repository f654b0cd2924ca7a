/**
 * The LightGCN/NGCF split files: one line per user, `user item item ...`, whitespace-separated
 * non-negative integer ids. A line with a user and no items carries no interaction and is noted.
 */
import { checkIntegerId } from '../id-map.js';
import type { IngestSink } from '../ingest.js';
import { forEachLine } from '../line-reader.js';
import type { SplitCode } from '../types.js';

const WS = /\s+/;

export async function readLightgcnFile(
  file: string,
  sink: IngestSink,
  split: SplitCode,
  progress = false,
): Promise<void> {
  sink.files.push(file);
  let emptyUsers = 0;
  await forEachLine(
    file,
    (line, lineNo) => {
      // Fast path: single spaces, no tabs, no padding (the published files).
      let tokens = line.split(' ');
      if (line.indexOf('\t') >= 0 || line.indexOf('  ') >= 0 || tokens[0] === '' || tokens[tokens.length - 1] === '') {
        const t = line.trim();
        if (t.length === 0) return;
        tokens = t.split(WS);
      }
      for (let k = 0; k < tokens.length; k++) {
        const why = checkIntegerId(tokens[k]);
        if (why) {
          return sink.bad(
            file,
            lineNo,
            line,
            `${k === 0 ? 'user' : 'item'} id ${JSON.stringify(tokens[k].slice(0, 40))} ${why}`,
            'LightGCN files hold "user item item ..." integer ids per line; for other layouts use --format csv|tsv',
          );
        }
      }
      if (tokens.length === 1) {
        emptyUsers++;
        return;
      }
      const user = tokens[0];
      for (let k = 1; k < tokens.length; k++) sink.add(user, tokens[k], 0, 0, split);
    },
    { progress },
  );
  if (emptyUsers > 0) sink.notes.push(`${file}: ${emptyUsers} lines list a user with no items (no interactions)`);
}
