import type { AddressInfo } from 'node:net';
import { UsageError } from '../../core/errors.js';

/** The URL a server is reachable at, from the socket's own address (so 0.0.0.0 and ::, not one interface). */
export function boundAddress(address: AddressInfo | string | null, host: string): string {
  if (address === null || typeof address === 'string') return String(address ?? host);
  const h = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return `http://${h}:${address.port}`;
}

/**
 * --exact and --ann both choose the search. yargs' `.conflicts` counts a boolean's default (false)
 * as given, so `--ann hnsw` alone was refused; this checks only values that ask for something.
 */
export function exclusiveSearchFlags(exact: boolean | undefined, ann: string | undefined): true {
  if (exact === true && ann !== undefined)
    throw new UsageError('--exact and --ann are mutually exclusive', { hint: 'give one of them' });
  return true;
}

/** `--device` applies to exact search by the builtin backend (similar and serve). */
export function deviceSearchFlags(device: string, ann: string | undefined, backend = 'builtin'): true {
  if (device !== 'cpu' && backend === 'pgvector')
    throw new UsageError('--device applies to the builtin backend (pgvector searches in PostgreSQL)', {
      field: 'device',
    });
  if (device === 'gpu' && ann !== undefined)
    throw new UsageError('--device gpu searches exactly; --ann hnsw searches the HNSW index on the CPU', {
      field: 'device',
      hint: 'drop one of them',
    });
  return true;
}
