/**
 * parquet-wasm's decoder in a worker thread. Damaged pages inside a Parquet file can make the
 * WebAssembly decoder panic ("RuntimeError: unreachable"); the panic is thrown from a callback of
 * its stream, outside any promise the reader awaits, so in the main thread it kills the process,
 * and it leaves the module's WebAssembly instance unusable. In a worker it ends only the worker,
 * whose 'error' event becomes an error of this read.
 *
 * Protocol: the worker posts the file's schema (Arrow IPC); the reader answers with the columns to
 * read; the worker then posts one batch (Arrow IPC) per request, and finally `end`. One batch in
 * flight at a time, so memory follows the batch size, not the file.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

type FromWorker = { schema: Uint8Array } | { batch: Uint8Array } | { end: true } | { notParquet: string };

// Plain CommonJS, evaluated as the worker's script (no file to locate in dist/ or under the test runner).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { openAsBlob } = require('node:fs');
const { ParquetFile } = require(workerData.parquetWasm);
const request = () => new Promise((resolve) => parentPort.once('message', resolve));
(async () => {
  let pf;
  try {
    pf = await ParquetFile.fromFile(await openAsBlob(workerData.file));
  } catch (err) {
    parentPort.postMessage({ notParquet: String(err) });
    return;
  }
  parentPort.postMessage({ schema: pf.schema().intoIPCStream() });
  const { columns } = await request();
  const stream = await pf.stream({ batchSize: workerData.batchRows, columns });
  for await (const batch of stream) {
    parentPort.postMessage({ batch: batch.intoIPCStream() });
    await request();
  }
  parentPort.postMessage({ end: true });
})().catch((err) => setImmediate(() => { throw err; })); // an error of the worker, whatever the rejection mode
`;

/** Raised when parquet-wasm cannot open the file at all (not Parquet). */
export class NotParquetError extends Error {}

export interface ParquetBatches {
  /** The file's full schema as Arrow IPC. */
  schema: Uint8Array;
  /** Record batches of `columns` as Arrow IPC, `batchRows` rows each (the last may be shorter). */
  read(columns: string[]): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

export async function openParquetBatches(file: string, batchRows: number): Promise<ParquetBatches> {
  const parquetWasm = createRequire(import.meta.url).resolve('parquet-wasm');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, batchRows, parquetWasm } });
  // Every message, or the worker's failure, settles the next pending `receive`.
  const queue: FromWorker[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const settle = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: FromWorker) => {
    queue.push(m);
    settle();
  });
  worker.on('error', (err) => {
    failure = new Error(`the decoder failed: ${err.message}`, { cause: err });
    settle();
  });
  worker.on('exit', (code) => {
    failure ??= new Error(`the Parquet decoder stopped (exit ${code})`);
    settle();
  });
  const receive = async (): Promise<FromWorker> => {
    while (queue.length === 0) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    return queue.shift()!;
  };

  const close = async () => {
    await worker.terminate();
  };
  const first = await receive().catch(async (err: unknown) => {
    await close();
    throw err;
  });
  if ('notParquet' in first) {
    await close();
    throw new NotParquetError(first.notParquet);
  }
  if (!('schema' in first)) throw new Error('the Parquet decoder sent no schema');
  return {
    schema: first.schema,
    async *read(columns) {
      worker.postMessage({ columns });
      for (;;) {
        const m = await receive();
        if ('end' in m) return;
        if (!('batch' in m)) throw new Error('unexpected message from the Parquet decoder');
        yield m.batch;
        worker.postMessage({});
      }
    },
    close,
  };
}
