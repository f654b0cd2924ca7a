/** Named float32 arrays with their shapes: the unit stored in a run's checkpoint/ and model/. */
export type TensorBundle = Record<string, { shape: number[]; data: Float32Array }>;
