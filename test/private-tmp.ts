import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Vitest global set-up: every temporary folder the tests make (os.tmpdir() in the test workers and
 * the CLI processes they start) goes under one private folder, removed when the run ends, so a
 * test run leaves nothing behind in the system's temp folder. PIPELINE_KEEP_TEST_TMP=1 keeps it
 * (its path is printed) for looking at what a failing test wrote.
 */
export default function privateTmp(): () => void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pipeline-tests-'));
  // Traversable (not listable) by other users: as root, the pgvector test's PostgreSQL runs as the
  // `postgres` user in a folder of its own inside this one.
  chmodSync(dir, 0o711);
  process.env.TMPDIR = dir; // inherited by the forked workers and every process they spawn
  return () => {
    if (process.env.PIPELINE_KEEP_TEST_TMP === '1') process.stderr.write(`test temp folder kept: ${dir}\n`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
