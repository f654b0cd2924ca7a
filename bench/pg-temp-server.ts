/**
 * A throwaway PostgreSQL with pgvector for the pgvector tests and bench: initdb into a temp folder,
 * started on a free 127.0.0.1 port with its unix socket in that folder (so it never meets a system
 * server), trust auth, fsync off; stopped and deleted by stop(). PostgreSQL refuses to run as root,
 * so as root it runs as the `postgres` user (runuser).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TempPg {
  url: string;
  stop(): void;
}

/** The newest installed PostgreSQL that has pgvector, or why there is none. */
export function findPgWithVector(): { bindir: string; version: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0)
    return { missing: 'no PostgreSQL server under /usr/lib/postgresql (apt-get install postgresql)' };
  for (const v of versions) {
    const bindir = path.join(root, v, 'bin');
    if (!existsSync(path.join(bindir, 'initdb')) || !existsSync(path.join(bindir, 'pg_ctl'))) continue;
    if (existsSync(`/usr/share/postgresql/${v}/extension/vector.control`)) return { bindir, version: v };
  }
  return {
    missing: `PostgreSQL ${versions.join(', ')} has no pgvector extension (apt-get install postgresql-${versions[0]}-pgvector, or scripts/install-pgvector.sh)`,
  };
}

export async function startTempPg(): Promise<TempPg> {
  const found = findPgWithVector();
  if ('missing' in found) throw new Error(found.missing);
  const asRoot = process.getuid?.() === 0;
  const dir = asRoot ? postgresOwnedTempDir() : mkdtempSync(path.join(os.tmpdir(), 'pgvector-test-'));
  const data = path.join(dir, 'data');
  const run = (bin: string, args: string[]) => {
    const cmd = asRoot ? 'runuser' : path.join(found.bindir, bin);
    const full = asRoot ? ['-u', 'postgres', '--', path.join(found.bindir, bin), ...args] : args;
    const r = spawnSync(cmd, full, { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`${bin} failed (${r.status}): ${r.stdout}${r.stderr}`);
  };
  const port = await freePort();
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c maintenance_work_mem=256MB`;
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

/**
 * As root: a temp folder owned by `postgres` that `postgres` can reach. Under os.tmpdir() when every
 * folder above it is traversable by other users; otherwise (a private TMPDIR, mode 0700) under /tmp,
 * which initdb could not use from inside the private one ("Permission denied").
 */
export function postgresOwnedTempDir(): string {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  const make = (parent: string) => {
    const dir = mkdtempSync(path.join(parent, 'pgvector-test-'));
    chownSync(dir, uid, gid);
    return dir;
  };
  const dir = make(os.tmpdir());
  if (postgresCanEnter(dir)) return dir;
  rmSync(dir, { recursive: true, force: true });
  return make('/tmp');
}

/** Whether the `postgres` user can write in `dir` and reach it (every folder above traversable). */
export function postgresCanEnter(dir: string): boolean {
  return spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-w', dir, '-a', '-x', dir]).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
