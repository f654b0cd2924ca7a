import { threadsOf, type KernelOptions } from './args.js';
import { nativeKernels } from './native.js';

/**
 * Adam over one dense float32 parameter array that lives in JavaScript memory (the LightGCN
 * embedding table), with tfjs's defaults and formula: β1 0.9, β2 0.999, ε 1e-7,
 * m ← β1 m + (1−β1) g, v ← β2 v + (1−β2) g², θ ← θ − lr (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε).
 *
 * Why not tfjs's own Adam: on the embedding table it is ~15 whole-table ops per step, each a
 * single-threaded pass with a temporary, and the table must be copied in and out of the backend
 * for the native propagation kernels. Here one multi-threaded native pass does the step in place.
 * The moments and the step count keep tfjs's names in checkpoints (`<name>/m`, `<name>/v`, `iter`),
 * so runs checkpointed by the tfjs optimiser resume here.
 */
export interface AdamSettings {
  lr: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export class DenseAdam {
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly m: Float32Array;
  readonly v: Float32Array;
  /** Steps taken. */
  iterations = 0;

  constructor(
    readonly size: number,
    settings: AdamSettings,
  ) {
    this.lr = settings.lr;
    this.beta1 = settings.beta1 ?? 0.9;
    this.beta2 = settings.beta2 ?? 0.999;
    this.epsilon = settings.epsilon ?? 1e-7;
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** One step of `param` (updated in place) along `grad`. */
  step(param: Float32Array, grad: Float32Array, opts?: KernelOptions): void {
    if (param.length !== this.size || grad.length !== this.size) {
      throw new RangeError(
        `Adam over ${this.size} values got a parameter of ${param.length} and a gradient of ${grad.length}`,
      );
    }
    const t = this.iterations + 1;
    // tfjs keeps β^t as float32 products; double powers differ from them only in the last bits.
    const c1 = 1 - Math.pow(this.beta1, t);
    const c2 = 1 - Math.pow(this.beta2, t);
    const { addon } = nativeKernels();
    if (addon !== null && typeof addon.adam === 'function') {
      addon.adam(param, grad, this.m, this.v, this.lr, this.beta1, this.beta2, this.epsilon, c1, c2, threadsOf(opts));
    } else {
      adamStepReference(
        param,
        grad,
        this.m,
        this.v,
        { lr: this.lr, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon },
        c1,
        c2,
      );
    }
    this.iterations = t;
  }

  /** The moments (shaped like the parameter) and step count under tfjs's weight names, for checkpoints. */
  state(name: string, shape: number[]): Record<string, { shape: number[]; data: Float32Array }> {
    return {
      iter: { shape: [], data: Float32Array.of(this.iterations) },
      [`${name}/m`]: { shape, data: this.m.slice() },
      [`${name}/v`]: { shape, data: this.v.slice() },
    };
  }

  /** Restores state(name) (shapes are not checked beyond the length: checkpoints store [rows, d]). */
  restore(name: string, state: Record<string, { data: Float32Array }>): void {
    const m = state[`${name}/m`];
    const v = state[`${name}/v`];
    const iter = state.iter;
    if (m === undefined || v === undefined || iter === undefined)
      throw new Error(`the optimiser state lacks ${name}/m, ${name}/v or iter`);
    if (m.data.length !== this.size || v.data.length !== this.size) {
      throw new Error(`the optimiser state has ${m.data.length} moments, expected ${this.size}`);
    }
    this.m.set(m.data);
    this.v.set(v.data);
    this.iterations = iter.data[0];
  }
}

/** The step in plain TypeScript (the fallback, and the reference the native kernel is tested against). */
export function adamStepReference(
  param: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  s: Required<AdamSettings>,
  correction1: number,
  correction2: number,
): void {
  const f = Math.fround;
  const b1 = f(s.beta1),
    b2 = f(s.beta2),
    ob1 = f(1 - b1),
    ob2 = f(1 - b2);
  const c1 = f(correction1),
    c2 = f(correction2),
    eps = f(s.epsilon),
    negLr = f(-s.lr);
  for (let i = 0; i < param.length; i++) {
    const g = grad[i];
    const mi = f(f(m[i] * b1) + f(g * ob1));
    const vi = f(f(v[i] * b2) + f(f(g * g) * ob2));
    m[i] = mi;
    v[i] = vi;
    param[i] = f(f(f(mi / c1) / f(f(Math.sqrt(f(vi / c2))) + eps)) * negLr) + param[i];
  }
}
