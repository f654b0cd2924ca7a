/**
 * Loading of the native kernels addon (graph/native, built by scripts/build-native.mjs into
 * build/Release/pipeline_kernels.node). When it is missing or cannot load, the kernels fall back to
 * their TypeScript versions after one warning; PIPELINE_NATIVE=0 disables it on purpose (no warning).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { packageRoot } from '../pipeline/util/package-root.js';
/** The ABI version this TypeScript expects (bumped with any change of the addon's signatures). */
const ABI = 2;
export const addonPath = path.join(packageRoot, 'build', 'Release', 'pipeline_kernels.node');
let loaded;
/** The addon, or null with the reason it is not used. Loads once; warns once when it should have loaded. */
export function nativeKernels() {
    if (loaded)
        return loaded;
    loaded = tryLoad();
    if (!loaded.addon && process.env.PIPELINE_NATIVE !== '0') {
        process.emitWarning(`native kernels unavailable (${loaded.reason}); using the TypeScript kernels, which are slower`, {
            code: 'PIPELINE_NO_NATIVE',
            detail: 'Run `npm run build` (needs a C++17 compiler, Python 3 and make) to build them.',
        });
    }
    return loaded;
}
function tryLoad() {
    if (process.env.PIPELINE_NATIVE === '0')
        return { addon: null, reason: 'disabled by PIPELINE_NATIVE=0' };
    if (!existsSync(addonPath))
        return { addon: null, reason: `${addonPath} is missing` };
    try {
        const addon = createRequire(import.meta.url)(addonPath);
        if (addon.abi !== ABI)
            return { addon: null, reason: `${addonPath} is stale (abi ${addon.abi}, expected ${ABI})` };
        return { addon };
    }
    catch (e) {
        return { addon: null, reason: `cannot load ${addonPath}: ${e.message}` };
    }
}
//# sourceMappingURL=kernels-native.js.map