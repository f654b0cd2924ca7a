import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { packageRoot } from '../core/package-root.js';

/** Starts `pipeline serve` on 127.0.0.1 (an ephemeral port) as a child process; resolves once it prints its address. */
export function startServer(run: string, extra: string[]): Promise<{ child: ChildProcess; url: string }> {
  const cli = path.join(packageRoot, 'dist', 'pipeline', 'cli.js');
  const child = spawn(process.execPath, [cli, 'serve', '--run', run, '--port', '0', '--host', '127.0.0.1', ...extra], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${err}`)), 120_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${err}`)));
  });
}
