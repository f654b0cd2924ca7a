/**
 * WGSL shared by the per-row loss kernels (one 64-thread workgroup per batch row): a workgroup sum
 * and max. Each must be reached by every thread of the workgroup (they contain barriers).
 */
export const ROW_THREADS = 64;

export const ROW_REDUCE = `
var<workgroup> red: array<f32, ${ROW_THREADS}>;
fn workgroupSum(x: f32, lid: u32) -> f32 {
  red[lid] = x;
  workgroupBarrier();
  for (var s = ${ROW_THREADS / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
    workgroupBarrier();
  }
  let total = red[0];
  workgroupBarrier();
  return total;
}
fn workgroupMax(x: f32, lid: u32) -> f32 {
  red[lid] = x;
  workgroupBarrier();
  for (var s = ${ROW_THREADS / 2}u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = max(red[lid], red[lid + s]); }
    workgroupBarrier();
  }
  let total = red[0];
  workgroupBarrier();
  return total;
}
`;
