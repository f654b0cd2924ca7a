import { promises as fs, mkdtempSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OsError, userFacingOsError } from '../../core/os-errors.js';

const caught = async (f: () => Promise<unknown>) =>
  f().then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );

describe('userFacingOsError', () => {
  it('turns real fs errors into one-line errors naming the path', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'oserr-'));
    const file = path.join(root, 'f');
    writeFileSync(file, '');
    const cases: [() => Promise<unknown>, string][] = [
      [() => fs.readFile(root), 'EISDIR'],
      [() => fs.mkdir(path.join(file, 'sub')), 'ENOTDIR'],
      [() => fs.readFile(path.join(root, 'missing')), 'ENOENT'],
      [() => fs.mkdir(root), 'EEXIST'],
    ];
    for (const [p, code] of cases) {
      const e = userFacingOsError(await caught(p));
      expect(e).toBeInstanceOf(OsError);
      expect(e!.format()).toContain(code);
      expect(e!.format().split('\n')[0]).toMatch(/^error\[os\][^\n]*: .+/);
      expect(e!.hint).toBeTruthy();
      if (code !== 'EISDIR') expect(e!.format()).toContain(root); // readFile of a folder has no path
    }
  });

  it('names the address of a port already in use', async () => {
    const a = net.createServer();
    await new Promise<void>((r) => a.listen(0, '127.0.0.1', r));
    const port = (a.address() as net.AddressInfo).port;
    const b = net.createServer();
    const err = await new Promise<unknown>((r) => b.once('error', r).listen(port, '127.0.0.1'));
    a.close();
    const e = userFacingOsError(err)!;
    expect(e.message).toContain(`EADDRINUSE, listen 127.0.0.1:${port}`);
    expect(e.hint).toMatch(/--port/);
  });

  it('covers EACCES, EROFS, ENOSPC and EBUSY, and leaves real bugs alone', () => {
    for (const code of ['EACCES', 'EROFS', 'ENOSPC', 'EBUSY']) {
      const err = Object.assign(new Error(`${code}: x`), { code, syscall: 'open', path: '/x/y' });
      expect(userFacingOsError(err)?.location.file).toBe('/x/y');
    }
    expect(userFacingOsError(new TypeError("Cannot read properties of null (reading 'x')"))).toBeNull();
    expect(userFacingOsError(Object.assign(new Error('x'), { code: 'ERR_SOMETHING_INTERNAL' }))).toBeNull();
    expect(userFacingOsError('a string')).toBeNull();
  });
});
