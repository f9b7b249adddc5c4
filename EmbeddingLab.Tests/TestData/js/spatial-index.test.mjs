// Checks wwwroot-assets/js/spatial-index.js against a scan of every point (run by node from SpatialIndexTests.cs).
// Prints one JSON line: { checked, mismatches: [...] } — the C# test asserts there are none.
import { GridIndex, nearestByScan } from "../../../wwwroot-assets/js/spatial-index.js";

let seed = 12345;
const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

function dataset(kind, n) {
    const c = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
        if (kind === "clusters") { const k = i % 7; c[2 * i] = (k % 3) * 40 + gauss(); c[2 * i + 1] = Math.floor(k / 3) * 40 + gauss() * 0.01; }
        else if (kind === "line") { c[2 * i] = i; c[2 * i + 1] = 5; }                       // a degenerate axis
        else if (kind === "duplicates") { c[2 * i] = Math.floor(random() * 4); c[2 * i + 1] = Math.floor(random() * 4); }
        else { c[2 * i] = random() * 1e6; c[2 * i + 1] = random() * 1e-3; }                 // very different axis scales
    }
    return c;
}

const mismatches = [];
let checked = 0;
for (const [kind, n] of [["clusters", 20000], ["line", 3000], ["duplicates", 500], ["scales", 10000], ["clusters", 1], ["clusters", 0]]) {
    const coords = dataset(kind, n);
    const index = new GridIndex(coords, 2);
    for (let q = 0; q < 400; q++) {
        // Queries inside, at the edge and far outside the data; screen scales as a plot would have them.
        const x = (random() * 1.6 - 0.3) * (kind === "scales" ? 1e6 : kind === "line" ? n : 120);
        const y = (random() * 1.6 - 0.3) * (kind === "scales" ? 1e-3 : 80);
        const sx = kind === "scales" ? 600 / 1e6 : 6, sy = kind === "scales" ? 400 / 1e-3 : 4;
        for (const maxPixels of [Infinity, 8]) {
            const want = nearestByScan(coords, 2, x, y, sx, sy, maxPixels);
            const got = index.nearest(x, y, sx, sy, maxPixels);
            checked++;
            if (want !== got) mismatches.push({ kind, n, x, y, maxPixels, want, got });
        }
    }
}
// 3-D rows: the first two coordinates are indexed.
const c3 = new Float32Array([0, 0, 9, 10, 10, -9, 5, 4, 100]);
const i3 = new GridIndex(c3, 3);
checked++;
if (i3.nearest(6, 5) !== 2) mismatches.push({ kind: "3-D", want: 2, got: i3.nearest(6, 5) });
console.log(JSON.stringify({ checked, mismatches: mismatches.slice(0, 5), count: mismatches.length }));
