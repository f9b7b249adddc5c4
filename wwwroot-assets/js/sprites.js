// Thumbnails for the Projector (TF Projector's sprites): one atlas image per set, fetched once; a row's picture is a
// crop of it. Hovering a point shows its picture beside the point; with "Draw points as images" on, the points in view
// of a 2-D plot are drawn as their pictures on a canvas over the plot, when few enough are in view — else a note says
// to zoom in. plot.js calls in here; nothing here knows plotly beyond the axes it reads.

/** At most this many pictures are drawn at once (more would hide the map under a carpet of images). */
export const MAX_DRAWN = 400;
/** Size a point's picture is drawn at, in CSS pixels. */
const DRAWN_SIZE = 36;
/** Size of the hover thumbnail, in CSS pixels. */
const HOVER_SIZE = 72;

// The plot's companions, rendered by ProjectorPlot.razor beside it: a canvas over the plot, the hover box, a note.
function parts(element) {
    const id = element.id;
    return {
        frame: element.parentElement,
        canvas: document.getElementById(id + "-sprites"),
        hover: document.getElementById(id + "-thumb"),
        note: document.getElementById(id + "-sprite-note"),
    };
}

function cellsOf(bytes) {
    const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const aligned = u8.byteOffset % 4 === 0 ? u8 : u8.slice();
    return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

/**
 * Gives a plot its set's thumbnails (or none: sheet null). sheet: { url, cellSize, columns, width, height, cells: byte[] int32 }.
 * The atlas loads once; the returned promise settles when it has.
 */
export function setSheet(state, sheet) {
    if (!sheet) { state.sprites = null; clear(state); return Promise.resolve(false); }
    if (state.sprites && state.sprites.url === sheet.url) return state.sprites.ready;
    const image = new Image();
    image.decoding = "async";
    const sprites = { url: sheet.url, cell: sheet.cellSize, columns: sheet.columns, width: sheet.width, height: sheet.height,
        cells: cellsOf(sheet.cells), image, loaded: false };
    sprites.ready = new Promise(resolve => {
        image.onload = () => { sprites.loaded = true; resolve(true); redraw(state); };
        image.onerror = () => resolve(false);
    });
    image.src = sheet.url;
    state.sprites = sprites;
    return sprites.ready;
}

/** Turns drawing points as images on or off. */
export function setMode(state, on) {
    state.drawImages = !!on;
    redraw(state);
}

function origin(sprites, cell) {
    return { x: (cell % sprites.columns) * sprites.cell, y: Math.floor(cell / sprites.columns) * sprites.cell };
}

/** Shows a row's thumbnail beside the hovered point (page coordinates of the point); hides it for rows without one. */
export function showHover(state, row, pointX, pointY) {
    const { frame, hover } = parts(state.element);
    const s = state.sprites;
    // Why a hover shows nothing, for tests and for whoever inspects the page.
    const missing = !s ? "no thumbnails" : !s.loaded ? "atlas loading" : row < 0 || row >= s.cells.length || s.cells[row] < 0 ? "no picture" : "";
    if (!hover) return;
    hover.dataset.hovered = String(row);
    if (missing) { hideHover(state); hover.dataset.missing = missing; return; }
    delete hover.dataset.missing;
    const { x, y } = origin(s, s.cells[row]);
    const scale = HOVER_SIZE / s.cell;
    hover.style.width = hover.style.height = HOVER_SIZE + "px";
    hover.style.backgroundImage = `url("${s.url}")`;
    hover.style.backgroundSize = `${s.width * scale}px ${s.height * scale}px`;
    hover.style.backgroundPosition = `${-x * scale}px ${-y * scale}px`;
    // Above-left of the point: plotly's hover label opens to its right.
    const box = frame.getBoundingClientRect();
    let left = pointX - box.left - HOVER_SIZE - 16, top = pointY - box.top - HOVER_SIZE - 8;
    if (left < 4) left = pointX - box.left + 16;
    if (top < 4) top = pointY - box.top + 16;
    hover.style.left = left + "px";
    hover.style.top = top + "px";
    hover.dataset.row = String(row);
    hover.hidden = false;
}

export function hideHover(state) {
    const { hover } = parts(state.element);
    if (hover) { hover.hidden = true; delete hover.dataset.row; }
}

function clear(state, message) {
    const { canvas, note } = parts(state.element);
    if (canvas) {
        canvas.getContext("2d")?.clearRect(0, 0, canvas.width, canvas.height);
        canvas.dataset.drawn = "0";
    }
    if (note) note.textContent = message ?? "";
}

/** Schedules one redraw per animation frame (plotly reports many relayouts while the user pans). */
export function redraw(state) {
    if (state.spriteFrame) return;
    state.spriteFrame = requestAnimationFrame(() => { state.spriteFrame = 0; draw(state); });
}

function draw(state) {
    const s = state.sprites;
    const { canvas } = parts(state.element);
    if (!canvas) return;
    if (!state.drawImages || !s || !s.loaded) { clear(state); return; }
    if (state.dims !== 2) { clear(state, "Points are drawn as images in 2-D projections only."); return; }
    const full = state.element._fullLayout;
    if (!full?.xaxis?.range) { clear(state); return; }
    const [x0, x1] = full.xaxis.range, [y0, y1] = full.yaxis.range;
    const xmin = Math.min(x0, x1), xmax = Math.max(x0, x1), ymin = Math.min(y0, y1), ymax = Math.max(y0, y1);
    // Which pictured rows are in view; stop counting past the cap.
    const inView = [];
    let total = 0;
    for (let r = 0; r < state.n; r++) {
        if (s.cells[r] < 0) continue;
        const x = state.coords[r * 2], y = state.coords[r * 2 + 1];
        if (x < xmin || x > xmax || y < ymin || y > ymax) continue;
        total++;
        if (inView.length <= MAX_DRAWN) inView.push(r);
    }
    if (total > MAX_DRAWN) {
        clear(state, `${total.toLocaleString("en")} images in view: zoom in to draw them (at most ${MAX_DRAWN}).`);
        canvas.dataset.inView = String(total);
        return;
    }
    const box = state.element.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    canvas.style.width = box.width + "px";
    canvas.style.height = box.height + "px";
    canvas.width = Math.round(box.width * ratio);
    canvas.height = Math.round(box.height * ratio);
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, box.width, box.height);
    const { l, t, w, h } = full._size;
    ctx.save();
    ctx.beginPath();
    ctx.rect(l, t, w, h); // only inside the axes, like the points
    ctx.clip();
    ctx.imageSmoothingQuality = "high";
    const half = DRAWN_SIZE / 2;
    for (const r of inView) {
        const px = l + full.xaxis.l2p(state.coords[r * 2]), py = t + full.yaxis.l2p(state.coords[r * 2 + 1]);
        const { x, y } = origin(s, s.cells[r]);
        ctx.drawImage(s.image, x, y, s.cell, s.cell, px - half, py - half, DRAWN_SIZE, DRAWN_SIZE);
    }
    ctx.restore();
    canvas.dataset.drawn = String(inView.length);
    canvas.dataset.inView = String(total);
    const { note } = parts(state.element);
    if (note) note.textContent = total === 0 ? "No images in view." : `${total.toLocaleString("en")} image${total === 1 ? "" : "s"} drawn.`;
}
