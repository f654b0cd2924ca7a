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
export declare class PlateauSchedule {
    readonly opts: PlateauOptions;
    private state;
    constructor(opts: PlateauOptions);
    /** Records one observation; returns the new learning rate (equal to `lr` when unchanged). */
    observe(value: number, lr: number): number;
    snapshot(): PlateauState;
    restore(state: PlateauState): void;
}
