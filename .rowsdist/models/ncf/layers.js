import * as tf from '@tensorflow/tfjs';
/** x [m, k] · w [k, n] with a gradient that avoids matMul's transpose flags. */
export function matMulFast(x, w) {
    const op = tf.customGrad((...args) => {
        const a = args[0];
        const b = args[1];
        args[2]([a, b]);
        return {
            value: tf.matMul(a, b),
            gradFunc: (dy, saved) => tf.tidy(() => {
                const [sa, sb] = saved;
                const g = dy;
                return [tf.matMul(g, tf.transpose(sb)), tf.matMul(tf.transpose(sa), g)];
            }),
        };
    });
    return op(x, w);
}
function initializer(name, seed) {
    switch (name) {
        case 'glorotUniform':
            return tf.initializers.glorotUniform({ seed });
        case 'lecunUniform':
            return tf.initializers.leCunUniform({ seed });
        case 'zeros':
            return tf.initializers.zeros();
    }
}
export class NcfDense extends tf.layers.Layer {
    static className = 'NcfDense';
    units;
    activation;
    useBias;
    kernelInit;
    seed;
    kernel = null;
    bias = null;
    constructor(args) {
        super({ name: args.name, trainable: args.trainable });
        if (!Number.isInteger(args.units) || args.units < 1)
            throw new RangeError(`NcfDense units must be a positive integer, got ${args.units}`);
        this.units = args.units;
        this.activation = args.activation ?? 'linear';
        this.useBias = args.useBias ?? true;
        this.kernelInit = args.kernelInit ?? 'glorotUniform';
        this.seed = args.seed;
    }
    build(inputShape) {
        const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape);
        const inDim = shape[shape.length - 1];
        if (inDim === null)
            throw new Error(`${this.name}: the last input dimension must be known`);
        this.kernel = this.addWeight('kernel', [inDim, this.units], 'float32', initializer(this.kernelInit, this.seed));
        if (this.useBias)
            this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
        this.built = true;
    }
    computeOutputShape(inputShape) {
        const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape);
        return [...shape.slice(0, -1), this.units];
    }
    call(inputs) {
        return tf.tidy(() => {
            const x = (Array.isArray(inputs) ? inputs[0] : inputs);
            let y = matMulFast(x, this.kernel.read());
            if (this.bias)
                y = tf.add(y, this.bias.read());
            return this.activation === 'relu' ? tf.relu(y) : y;
        });
    }
    getConfig() {
        const config = { units: this.units, activation: this.activation, useBias: this.useBias, kernelInit: this.kernelInit };
        if (this.seed !== undefined)
            config.seed = this.seed;
        return { ...config, ...super.getConfig() };
    }
}
export class GlobalBias extends tf.layers.Layer {
    static className = 'GlobalBias';
    initialValue;
    value = null;
    constructor(args = {}) {
        super({ name: args.name, trainable: args.trainable });
        this.initialValue = args.initialValue ?? 0;
    }
    build() {
        this.value = this.addWeight('value', [1], 'float32', tf.initializers.constant({ value: this.initialValue }));
        this.built = true;
    }
    computeOutputShape(inputShape) {
        return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape);
    }
    call(inputs) {
        return tf.tidy(() => tf.add(Array.isArray(inputs) ? inputs[0] : inputs, this.value.read()));
    }
    getConfig() {
        return { initialValue: this.initialValue, ...super.getConfig() };
    }
}
tf.serialization.registerClass(NcfDense);
tf.serialization.registerClass(GlobalBias);
//# sourceMappingURL=layers.js.map