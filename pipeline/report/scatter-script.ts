/**
 * The only script of the report page (plain ES5-level JavaScript, inlined): draws the embedding map
 * on a canvas from the JSON in #map-data, shows a tooltip for the point under the pointer, lets the
 * legend toggle groups, and finally sets `data-plot-drawn` on <body> to the number of points drawn
 * (what the headless-browser test reads).
 */
export const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#17becf',
];
export const OTHER_COLOR = '#bab0ac';

export const SCATTER_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('map-data').textContent);
  var canvas = document.getElementById('map');
  var tip = document.getElementById('map-tip');
  var palette = ${JSON.stringify(PALETTE)};
  var other = ${JSON.stringify(OTHER_COLOR)};
  var pts = data.points;
  var n = pts.length;
  var colorOf = function (g) { return data.groups[g] && data.groups[g].name === 'other' ? other : palette[g % palette.length]; };
  var W = canvas.clientWidth || 800, H = canvas.clientHeight || 560, dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(W * dpr);
  canvas.height = Math.round(H * dpr);
  var ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  // The view spans the 0.5–99.5% quantiles, so a few outliers do not squash the map; points
  // beyond it are pinned to the border.
  var i;
  function bounds(key) {
    var v = [];
    for (var k = 0; k < n; k++) v.push(pts[k][key]);
    v.sort(function (a, b) { return a - b; });
    return n === 0 ? [0, 1] : [v[Math.floor((n - 1) * 0.005)], v[Math.ceil((n - 1) * 0.995)]];
  }
  var bx = bounds('x'), by = bounds('y');
  var minX = bx[0], maxX = bx[1], minY = by[0], maxY = by[1];
  var clamp = function (v, lo, hi) { return v < lo ? lo : v > hi ? hi : v; };
  var pad = 16;
  var scale = Math.min((W - 2 * pad) / ((maxX - minX) || 1), (H - 2 * pad) / ((maxY - minY) || 1));
  var offX = (W - (maxX - minX) * scale) / 2, offY = (H - (maxY - minY) * scale) / 2;
  var px = new Float32Array(n), py = new Float32Array(n);
  for (i = 0; i < n; i++) {
    px[i] = offX + (clamp(pts[i].x, minX, maxX) - minX) * scale;
    py[i] = H - (offY + (clamp(pts[i].y, minY, maxY) - minY) * scale);
  }
  var hidden = {};
  var hover = -1;
  function draw() {
    ctx.clearRect(0, 0, W, H);
    var drawn = 0;
    // "other" first so the named groups stay on top.
    for (var pass = 0; pass < 2; pass++) {
      for (var k = 0; k < n; k++) {
        var g = pts[k].g;
        var isOther = colorOf(g) === other;
        if ((pass === 0) !== isOther || hidden[g]) continue;
        ctx.globalAlpha = isOther ? 0.45 : 0.8;
        ctx.fillStyle = colorOf(g);
        ctx.beginPath();
        ctx.arc(px[k], py[k], 2.6, 0, 6.2832);
        ctx.fill();
        drawn++;
      }
    }
    ctx.globalAlpha = 1;
    if (hover >= 0) {
      ctx.strokeStyle = '#111';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(px[hover], py[hover], 5.5, 0, 6.2832);
      ctx.stroke();
    }
    return drawn;
  }
  function nearest(x, y) {
    var best = -1, bestD = 64;
    for (var k = 0; k < n; k++) {
      if (hidden[pts[k].g]) continue;
      var dx = px[k] - x, dy = py[k] - y, d = dx * dx + dy * dy;
      if (d < bestD) { bestD = d; best = k; }
    }
    return best;
  }
  canvas.addEventListener('mousemove', function (ev) {
    var r = canvas.getBoundingClientRect();
    var k = nearest(ev.clientX - r.left, ev.clientY - r.top);
    if (k !== hover) { hover = k; draw(); }
    if (k < 0) { tip.style.display = 'none'; return; }
    tip.textContent = pts[k].t;
    tip.style.display = 'block';
    tip.style.left = (ev.clientX - r.left + 14) + 'px';
    tip.style.top = (ev.clientY - r.top + 10) + 'px';
  });
  canvas.addEventListener('mouseleave', function () { hover = -1; tip.style.display = 'none'; draw(); });
  var items = document.querySelectorAll('#map-legend [data-group]');
  for (i = 0; i < items.length; i++) {
    items[i].addEventListener('click', function (ev) {
      var el = ev.currentTarget, g = Number(el.getAttribute('data-group'));
      hidden[g] = !hidden[g];
      el.classList.toggle('off', !!hidden[g]);
      draw();
    });
  }
  document.body.setAttribute('data-plot-drawn', String(draw()));
})();
`;
