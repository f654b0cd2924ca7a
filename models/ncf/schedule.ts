/**
 * Reduce-on-plateau learning-rate schedule (as Keras' ReduceLROnPlateau): after `patience`
 * observations without an improvement of the monitored value, the rate is multiplied by `factor`
 * (not below `minLr`) and the wait starts over.
 */
export interface PlateauOptions {
  factor: number;
  patience: number;
  minLr: number;
  /** 'max' for metrics that grow (recall, HR), 'min' for losses and errors (RMSE). */
  mode: 'max' | 'min';
}

export interface PlateauState {
  best: number;
  wait: number;
}

export class PlateauSchedule {
  private state: PlateauState;

  constructor(readonly opts: PlateauOptions) {
    if (!(opts.factor > 0 && opts.factor < 1))
      throw new RangeError(`the plateau factor must be in (0, 1), got ${opts.factor}`);
    if (!Number.isInteger(opts.patience) || opts.patience < 1)
      throw new RangeError(`the plateau patience must be a positive integer, got ${opts.patience}`);
    this.state = { best: opts.mode === 'max' ? -Infinity : Infinity, wait: 0 };
  }

  /** Records one observation; returns the new learning rate (equal to `lr` when unchanged). */
  observe(value: number, lr: number): number {
    const better = this.opts.mode === 'max' ? value > this.state.best : value < this.state.best;
    if (better) {
      this.state = { best: value, wait: 0 };
      return lr;
    }
    this.state.wait++;
    if (this.state.wait < this.opts.patience) return lr;
    this.state.wait = 0;
    return Math.max(this.opts.minLr, lr * this.opts.factor);
  }

  snapshot(): PlateauState {
    return { ...this.state };
  }

  restore(state: PlateauState): void {
    this.state = { ...state };
  }
}
