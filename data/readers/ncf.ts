/**
 * The NCF paper's files (He et al. 2017): `X.train.rating` and `X.test.rating`
 * (`user\titem\trating\ttimestamp`), and `X.test.negative` (`(user,item)\tneg1\tneg2 ...`, the
 * fixed negatives of the sampled HR/NDCG protocol).
 */
import { existsSync } from 'node:fs';
import { DataError, UsageError, excerpt } from '../../core/errors.js';
import { checkIntegerId } from '../id-map.js';
import type { IngestSink } from '../ingest.js';
import { forEachLine } from '../line-reader.js';
import { Split, type Dataset } from '../types.js';
import { readDelimitedInteractions } from './delimited-interactions.js';

export interface NcfFiles {
  train: string;
  test: string;
  negatives: string | null;
}

/** `input` is `X.train.rating` or the prefix `X`; test and negatives default to the siblings. */
export function ncfFiles(input: string, test?: string, negatives?: string): NcfFiles {
  const prefix = input.endsWith('.train.rating') ? input.slice(0, -'.train.rating'.length) : input;
  const train = input.endsWith('.train.rating') ? input : `${prefix}.train.rating`;
  const testFile = test ?? `${prefix}.test.rating`;
  if (!test && !existsSync(testFile)) {
    throw new UsageError(`no test file next to ${train} (looked for ${testFile})`, {
      hint: 'pass --test X.test.rating',
    });
  }
  const neg = negatives ?? (existsSync(`${prefix}.test.negative`) ? `${prefix}.test.negative` : null);
  return { train, test: testFile, negatives: neg };
}

export async function readNcfRatings(files: NcfFiles, sink: IngestSink, progress = false): Promise<void> {
  const spec = {
    userCol: 0,
    itemCol: 1,
    ratingCol: 2,
    timeCol: 3,
    delimiter: '\t',
    quote: false,
    header: false,
    progress,
  } as const;
  await readDelimitedInteractions(files.train, spec, sink, Split.train);
  await readDelimitedInteractions(files.test, spec, sink, Split.test);
}

const HEAD = /^\((\d+),(\d+)\)$/;

/**
 * Reads the negatives; users must already be known (from the rating files), negative items are
 * interned (an item may appear only as a negative). Every line must list the same number.
 */
export async function readNcfNegatives(
  file: string,
  sink: IngestSink,
  skipBadLines: boolean,
): Promise<NonNullable<Dataset['sampledNegatives']>> {
  sink.files.push(file);
  const users: number[] = [];
  let items = new Int32Array(1 << 16);
  let n = 0;
  let perUser = -1;
  let bad = 0;
  const itemsBefore = sink.items.size;
  const fail = (lineNo: number, raw: string, message: string) => {
    if (skipBadLines) return void bad++;
    throw new DataError(`${message}: ${excerpt(raw)}`, {
      file,
      line: lineNo,
      hint: 'lines look like "(user,item)\\tneg1\\tneg2 ..."',
    });
  };
  await forEachLine(file, (line, lineNo) => {
    if (line.length === 0) return;
    const fields = line.split('\t');
    while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
    const head = HEAD.exec(fields[0]);
    if (!head) return fail(lineNo, line, 'the first field is not "(user,item)"');
    const user = sink.users.get(head[1]);
    if (user === undefined) return fail(lineNo, line, `user ${head[1]} has no ratings in the train or test file`);
    const count = fields.length - 1;
    if (perUser < 0) perUser = count;
    if (count !== perUser || count === 0) return fail(lineNo, line, `expected ${perUser} negatives, found ${count}`);
    for (let k = 1; k <= count; k++) {
      const why = checkIntegerId(fields[k]);
      if (why) return fail(lineNo, line, `negative item ${JSON.stringify(fields[k].slice(0, 40))} ${why}`);
    }
    if (n + count > items.length) {
      const grown = new Int32Array(Math.max(items.length * 2, n + count));
      grown.set(items);
      items = grown;
    }
    for (let k = 1; k <= count; k++) items[n++] = sink.items.intern(fields[k]);
    users.push(user);
  });
  if (users.length === 0)
    throw new DataError('no negatives found', { file, hint: 'the file is empty or every line was malformed' });
  if (bad > 0) sink.notes.push(`${file}: skipped ${bad} malformed negative lines`);
  const added = sink.items.size - itemsBefore;
  if (added > 0) sink.notes.push(`${file}: ${added} items appear only as negatives (no interactions)`);
  return { user: Int32Array.from(users), items: items.slice(0, n), perUser };
}
