// A uniform grid over a plot's 2-D coordinates, built once per draw: nearest-point lookups for hover and click visit
// the few cells around the pointer instead of every point (a million points: microseconds, not tens of milliseconds).
// Distances are measured on screen: sx and sy are pixels per data unit on each axis.

export class GridIndex {
    /**
     * coords: row-major coordinates (Float32Array); dims: values per row (2 or 3; the first two are indexed).
     * ~4 points a cell on average; rows with a non-finite coordinate are left out.
     */
    constructor(coords, dims) {
        const n = Math.floor(coords.length / dims);
        let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
        for (let i = 0; i < n; i++) {
            const x = coords[i * dims], y = coords[i * dims + 1];
            if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
            if (x < x0) x0 = x; if (x > x1) x1 = x;
            if (y < y0) y0 = y; if (y > y1) y1 = y;
        }
        const side = Math.max(1, Math.min(4096, Math.ceil(Math.sqrt(n / 4))));
        Object.assign(this, { coords, dims, n, side, x0, y0 });
        this.cw = x1 > x0 ? (x1 - x0) / side : 1;
        this.ch = y1 > y0 ? (y1 - y0) / side : 1;
        // Counting sort of rows by cell: start[c]..start[c+1] in `rows` are cell c's rows.
        const cells = side * side;
        const cellOf = new Int32Array(n);
        const start = new Int32Array(cells + 1);
        for (let i = 0; i < n; i++) {
            const x = coords[i * dims], y = coords[i * dims + 1];
            if (!Number.isFinite(x) || !Number.isFinite(y)) { cellOf[i] = -1; continue; }
            const c = this.cellY(y) * side + this.cellX(x);
            cellOf[i] = c;
            start[c + 1]++;
        }
        for (let c = 0; c < cells; c++) start[c + 1] += start[c];
        const fill = start.slice(0, cells);
        const rows = new Int32Array(start[cells]);
        for (let i = 0; i < n; i++) if (cellOf[i] >= 0) rows[fill[cellOf[i]]++] = i;
        this.start = start;
        this.rows = rows;
    }

    cellX(x) { return Math.min(this.side - 1, Math.max(0, Math.floor((x - this.x0) / this.cw))); }
    cellY(y) { return Math.min(this.side - 1, Math.max(0, Math.floor((y - this.y0) / this.ch))); }

    /**
     * The row nearest to (x, y) on screen within maxPixels, or -1. sx, sy: pixels per data unit (absolute values).
     * Rings of cells are searched outwards until no nearer point can lie in the next ring.
     */
    nearest(x, y, sx = 1, sy = 1, maxPixels = Infinity) {
        const { coords, dims, side, start, rows } = this;
        if (this.rows.length === 0) return -1;
        sx = Math.abs(sx); sy = Math.abs(sy);
        const cx = this.cellX(x), cy = this.cellY(y);
        const step = Math.min(this.cw * sx, this.ch * sy); // the least a ring adds to the distance, in pixels
        let best = -1, bestD2 = maxPixels * maxPixels;
        for (let r = 0; r <= side; r++) {
            const bound = (r - 1) * step;
            if (r > 0 && bound > 0 && bound * bound > bestD2) break;
            const ya = cy - r, yb = cy + r, xa = cx - r, xb = cx + r;
            if (xa < 0 && ya < 0 && xb >= side && yb >= side && r > 0) {
                // The ring lies wholly outside the grid: every cell has been seen.
                break;
            }
            const visit = (gx, gy) => {
                if (gx < 0 || gy < 0 || gx >= side || gy >= side) return;
                const c = gy * side + gx;
                for (let k = start[c]; k < start[c + 1]; k++) {
                    const row = rows[k];
                    const dx = (coords[row * dims] - x) * sx, dy = (coords[row * dims + 1] - y) * sy;
                    const d2 = dx * dx + dy * dy;
                    if (d2 < bestD2 || (d2 === bestD2 && best >= 0 && row < best)) { bestD2 = d2; best = row; }
                }
            };
            if (r === 0) { visit(cx, cy); continue; }
            for (let gx = xa; gx <= xb; gx++) { visit(gx, ya); visit(gx, yb); }      // top and bottom rows of the ring
            for (let gy = ya + 1; gy < yb; gy++) { visit(xa, gy); visit(xb, gy); }   // its left and right columns
        }
        return best;
    }
}

/** The same answer by visiting every point (the reference the grid is tested and benchmarked against). */
export function nearestByScan(coords, dims, x, y, sx = 1, sy = 1, maxPixels = Infinity) {
    const n = Math.floor(coords.length / dims);
    let best = -1, bestD2 = maxPixels * maxPixels;
    for (let row = 0; row < n; row++) {
        const dx = (coords[row * dims] - x) * Math.abs(sx), dy = (coords[row * dims + 1] - y) * Math.abs(sy);
        const d2 = dx * dx + dy * dy;
        if (d2 < bestD2 || (d2 === bestD2 && best >= 0 && row < best)) { bestD2 = d2; best = row; }
    }
    return best;
}
