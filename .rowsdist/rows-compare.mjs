// One-off: old (TS loops, commit 82a17cd) vs new (native) rows op on Gowalla, interleaved.
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
const D = '/work/main/.rowsdist';
const { readLightGcnTrain, normalizedBipartite } = await import(`${D}/bench/kernels.js`);
const { initEngine } = await import(`${D}/models/engine.js`);
const { LightGcnModel, PAPER_CONFIG } = await import(`${D}/models/lightgcn.js`);
const { lightgcnRowsOp } = await import(`${D}/models/lightgcn-rows-op.js`);
const old = await import(`${D}/models/lightgcn-rows-op-old.js`);
const { sampleBprEpoch } = await import(`${D}/graph/kernels.js`);
const { Rng } = await import(`${D}/pipeline/util/rng.js`);
await initEngine({ backend: 'wasm' });
const reps = Number(process.argv[2] ?? 7);
const { userItems } = readLightGcnTrain('/work/shared/data/gowalla/train.txt');
const adj = normalizedBipartite(userItems);
const U = userItems.rows;
const graph = { adjacency: { ...adj, values: null }, normalized: adj.values };
const triples = sampleBprEpoch(userItems, { seed: 1 });
const rng = new Rng(2);
const med = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
console.log(`load before: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const cfg of [{ ...PAPER_CONFIG }, { ...PAPER_CONFIG, loss: 'softmax', batch: 8192, negatives: 1024 }]) {
  const b = cfg.batch;
  const batchAt = (i) => {
    const s = (i * b) % (triples.users.length - b);
    const neg = cfg.loss === 'bpr' ? triples.neg.subarray(s, s + b) : Int32Array.from({ length: cfg.negatives }, () => rng.int(userItems.cols));
    return { users: triples.users.subarray(s, s + b), pos: triples.pos.subarray(s, s + b), neg };
  };
  const model = new LightGcnModel(U, userItems.cols, cfg, graph, new Rng(1));
  const ops = { old: old.lightgcnRowsOp(graph.adjacency, graph.normalized, cfg.layers), new: lightgcnRowsOp(graph.adjacency, graph.normalized, cfg.layers) };
  const t = { old: { fwd: [], grad: [], train: [] }, new: { fwd: [], grad: [], train: [] } };
  for (let i = 0; i < reps + 1; i++) {
    const batch = batchAt(i + 1);
    const rows = Int32Array.from([...batch.users, ...Array.from(batch.pos, (x) => x + U), ...Array.from(batch.neg, (x) => x + U)]);
    const W = tf.randomNormal([rows.length, 2 * cfg.dim]);
    for (const which of ['old', 'new']) {
      const m = model;
      const op = ops[which];
      Object.assign(model, { rowsOp: op });
      let t0 = performance.now();
      const v = op(m.ego, rows); v.dataSync(); v.dispose();
      const fwd = performance.now() - t0;
      t0 = performance.now();
      const g = tf.tidy(() => tf.grad((e) => tf.sum(tf.mul(op(e, rows), W)))(m.ego)); g.dataSync(); g.dispose();
      const grad = performance.now() - t0;
      t0 = performance.now();
      m.trainBatch(batch);
      const train = performance.now() - t0;
      if (i > 0) { t[which].fwd.push(fwd); t[which].grad.push(grad); t[which].train.push(train); }
    }
    W.dispose();
  }
  const f = (w) => `fwd ${med(t[w].fwd).toFixed(0)} ms, fwd+bwd (grad of sum(W*op)) ${med(t[w].grad).toFixed(0)} ms, trainBatch ${med(t[w].train).toFixed(0)} ms`;
  console.log(`${cfg.loss} ${b}: old ${f('old')}`);
  console.log(`${cfg.loss} ${b}: new ${f('new')}`);
  model.dispose();
}
console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; tensors ${tf.memory().numTensors}`);
