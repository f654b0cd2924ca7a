// `node --import ./scripts/trace-loads.mjs ENTRY`: writes every file the process loads (CommonJS
// modules, native addons, files read whole such as .wasm binaries; ES modules through a resolve
// hook) to $TRACE_LOADS_OUT, one path per line, at exit. Used by scripts/gpu-device-bundle.mjs.
import fs from 'node:fs';
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const out = process.env.TRACE_LOADS_OUT;
if (!out) throw new Error('trace-loads: set TRACE_LOADS_OUT to the file to write');
const seen = new Set();
const note = (file) => {
  if (typeof file === 'string' && file.startsWith('/')) seen.add(file);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  note(file);
  return file;
};
const readFileSync = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file === 'string') note(file);
  return readFileSync.call(this, file, ...rest);
};
const readFile = fs.promises.readFile;
fs.promises.readFile = function (file, ...rest) {
  if (typeof file === 'string') note(file);
  return readFile.call(this, file, ...rest);
};

// ES modules resolve on the loader's thread: its hook posts each file URL back.
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => {
  if (url.startsWith('file:')) note(fileURLToPath(url));
});
port1.unref();
const hooks = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });

process.on('exit', () => fs.writeFileSync(out, [...seen].sort().join('\n') + '\n'));
