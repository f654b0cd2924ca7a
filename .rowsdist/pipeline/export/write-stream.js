import { promises as fs } from 'node:fs';
import * as path from 'node:path';
/**
 * Writes a file from a sequence of chunks through a temporary sibling and a rename, so that large
 * text exports never have to fit in one string and a crash never leaves a half-written file.
 */
export async function writeChunksAtomic(file, chunks) {
    await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
    const handle = await fs.open(tmp, 'w');
    let bytes = 0;
    try {
        for (const chunk of chunks) {
            const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
            let off = 0;
            while (off < buf.byteLength)
                off += (await handle.write(buf, off, buf.byteLength - off)).bytesWritten;
            bytes += buf.byteLength;
        }
        await handle.close();
        await fs.rename(tmp, file);
    }
    catch (err) {
        await handle.close().catch(() => { });
        await fs.rm(tmp, { force: true });
        throw err;
    }
    return bytes;
}
/** Groups many small strings into ~1 MB chunks. */
export function* batched(lines, target = 1 << 20) {
    let parts = [];
    let size = 0;
    for (const line of lines) {
        parts.push(line);
        size += line.length;
        if (size >= target) {
            yield parts.join('');
            parts = [];
            size = 0;
        }
    }
    if (parts.length > 0)
        yield parts.join('');
}
//# sourceMappingURL=write-stream.js.map