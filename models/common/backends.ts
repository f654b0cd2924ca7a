/** The tfjs backends `--backend` accepts (kept apart from engine.ts so that reading them loads no tfjs). */
export const BACKENDS = ['auto', 'wasm', 'cpu', 'tensorflow', 'webgpu'] as const;
export type BackendRequest = (typeof BACKENDS)[number];
export type BackendName = Exclude<BackendRequest, 'auto'>;
