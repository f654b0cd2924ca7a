/**
 * Fixtures for the dataset tests: a local HTTP server on 127.0.0.1 serving in-memory files (with
 * HTTP Range, or a cut connection on request) and a minimal zip writer (stored entries), so no
 * test touches the internet.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

export interface ServedFile {
  body: Buffer;
  /** First request only: send this many bytes (announcing the full length), then cut the connection. */
  cutAfter?: number;
  /** Answer Range requests with the whole file (200), as some servers do. */
  ignoreRange?: boolean;
}

export interface FixtureServer {
  url: string;
  files: Map<string, ServedFile>;
  requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const files = new Map<string, ServedFile>();
  const requests: FixtureServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const p = req.url ?? '/';
    requests.push({ path: p, headers: req.headers });
    const f = files.get(p);
    if (!f) {
      res.writeHead(404).end('not found');
      return;
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !f.ignoreRange) {
      const start = Number(range[1]);
      if (start >= f.body.length) {
        res.writeHead(416, { 'content-range': `bytes */${f.body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': f.body.length - start,
        'content-range': `bytes ${start}-${f.body.length - 1}/${f.body.length}`,
      });
      res.end(f.body.subarray(start));
      return;
    }
    res.writeHead(200, { 'content-length': f.body.length, 'accept-ranges': 'bytes' });
    if (f.cutAfter !== undefined) {
      const cut = f.cutAfter;
      f.cutAfter = undefined;
      res.write(f.body.subarray(0, cut), () => setTimeout(() => res.destroy(), 20));
      return;
    }
    res.end(f.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    files,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A zip archive of stored (uncompressed) entries: local headers, data, central directory, end record. */
export function makeZip(entries: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content);
    const nameBuf = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
