// EmbeddingLab plot interop: one module drives plotly.js (WebGL scattergl / scatter3d) for the Projector.
// Data arrives from .NET as compact typed arrays (byte[] → Uint8Array, reinterpreted as Float32Array / Int32Array),
// never as an object per point. Every label is HTML-escaped here before plotly sees it (plotly renders hover text
// as HTML), so a title like <script>alert(1)</script> is shown as text and never run.

import * as sprites from "./sprites.js";
import { GridIndex } from "./spatial-index.js";

const plots = new Map(); // element id → state

// Above this many points the payload carries no per-point text: hover asks .NET for the one row under the pointer,
// found through a grid index (spatial-index.js) instead of plotly's hover search.
export const largePlot = 50000;

// .NET passes the plot element's id (or an ElementReference).
function el(target) { return typeof target === "string" ? document.getElementById(target) : target; }

// plotly decodes only a few named entities in its text (amp, lt, gt, nbsp…, not quot) but every numeric one: quotes
// escaped as &quot; showed literally in hover and legend. Numeric references decode, so each character is escaped once.
export function escapeHtml(value) {
    return String(value ?? "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
        .replace(/"/g, "&#34;").replace(/'/g, "&#39;");
}

// plotly.js is the copy Plotly.Blazor ships. Load it through Plotly.Blazor's own interop module (the same module
// instance its charts use), so the script is fetched once and its charts know it is ready.
const plotlyScript = "./_content/Plotly.Blazor/plotly-3.7.0.min.js";
export async function ensurePlotly() {
    if (window.Plotly) return window.Plotly;
    const interop = await import("/_content/Plotly.Blazor/plotly-interop-7.2.0.js");
    await interop.importScript("plotly-import", plotlyScript);
    if (!window.Plotly) {
        // Another caller added the script first and it is still loading.
        const script = document.getElementById("plotly-import");
        await new Promise((resolve, reject) => {
            if (window.Plotly) return resolve();
            script.addEventListener("load", resolve, { once: true });
            script.addEventListener("error", () => reject(new Error("plotly.js could not be loaded from " + plotlyScript)), { once: true });
        });
    }
    return window.Plotly;
}

export function floats(bytes) {
    if (!bytes) return null;
    const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    // Float32Array needs a 4-byte aligned offset; copy when the transport gave an unaligned view.
    const aligned = u8.byteOffset % 4 === 0 ? u8 : u8.slice();
    return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

function ints(bytes) {
    if (!bytes) return null;
    const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const aligned = u8.byteOffset % 4 === 0 ? u8 : u8.slice();
    return new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

const palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#393b79", "#e7ba52", "#637939", "#ad494a", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363"];

// Axis arrays of the rows in `rows` (Int32Array or null = all rows).
function axis(state, rows, a) {
    const { coords, dims, n } = state;
    const count = rows ? rows.length : n;
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = coords[(rows ? rows[i] : i) * dims + a];
    return out;
}

function markerTrace(state, rows, name, marker, hover) {
    const trace = {
        type: state.dims === 3 ? "scatter3d" : "scattergl",
        mode: "markers",
        name,
        x: axis(state, rows, 0),
        y: axis(state, rows, 1),
        marker,
        hoverinfo: hover ? "text" : "none",
        hovertext: hover ?? undefined,
        showlegend: !!name,
    };
    if (state.dims === 3) trace.z = axis(state, rows, 2);
    return trace;
}

function buildTraces(state) {
    const { n, hover, color } = state;
    const size = state.dims === 3 ? 2.5 : (n > 20000 ? 3 : n > 2000 ? 5 : 7);
    const traces = [];
    state.traceRows = [];
    if (color && color.kind === "category") {
        const codes = ints(color.codes);
        const groups = color.categories.map(() => []);
        for (let i = 0; i < n; i++) groups[codes[i]].push(i);
        color.categories.forEach((category, c) => {
            if (groups[c].length === 0) return;
            const rows = Int32Array.from(groups[c]);
            state.traceRows.push(rows);
            traces.push(markerTrace(state, rows, escapeHtml(category),
                { size, color: palette[c % palette.length], opacity: 0.8 }, hover ? Array.from(rows, r => hover[r]) : null));
        });
    } else {
        state.traceRows.push(null);
        const marker = { size, color: "#1f77b4", opacity: 0.8 };
        if (color && color.kind === "numeric") {
            marker.color = floats(color.values);
            marker.colorscale = "Viridis";
            marker.showscale = true;
            marker.colorbar = { title: { text: escapeHtml(color.name) }, thickness: 12 };
        }
        traces.push(markerTrace(state, null, "", marker, hover));
    }
    state.pointTraces = traces.length;
    traces.push(highlightTrace(state));
    if (state.dims === 3) traces.push(arrowTrace3d(state));
    return traces;
}

function highlightTrace(state) {
    const rows = state.highlight;
    const trace = markerTrace(state, rows, "", {
        size: state.dims === 3 ? 6 : 12, color: "rgba(0,0,0,0)", line: { color: "#d62728", width: 2 },
    }, state.hover ? Array.from(rows, r => state.hover[r]) : null);
    trace.mode = "markers+text";
    trace.text = Array.from(rows, r => state.highlightLabels.has(r) ? escapeHtml(labelOf(state, r)) : "");
    trace.textposition = "top center";
    trace.textfont = { color: themeColours().accent, size: 12 };
    trace.showlegend = false;
    return trace;
}

function arrowTrace3d(state) {
    // scatter3d has no arrow annotations: draw each arrow as a line segment (gaps separate segments).
    const x = [], y = [], z = [];
    for (const [from, to] of state.arrows) {
        for (const r of [from, to]) {
            x.push(state.coords[r * 3]); y.push(state.coords[r * 3 + 1]); z.push(state.coords[r * 3 + 2]);
        }
        x.push(null); y.push(null); z.push(null);
    }
    return { type: "scatter3d", mode: "lines", x, y, z, line: { color: "#d62728", width: 4 }, hoverinfo: "skip", showlegend: false };
}

function arrowAnnotations(state) {
    if (state.dims !== 2) return [];
    return state.arrows.map(([from, to]) => ({
        x: state.coords[to * 2], y: state.coords[to * 2 + 1], ax: state.coords[from * 2], ay: state.coords[from * 2 + 1],
        xref: "x", yref: "y", axref: "x", ayref: "y", showarrow: true, arrowhead: 3, arrowsize: 1.2, arrowwidth: 2,
        arrowcolor: "#d62728", text: "",
    }));
}

// Colours from the MudBlazor theme (light or dark), so the plot sits on the page's own surface.
function themeColours() {
    const css = getComputedStyle(document.documentElement);
    const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    return { text: v("--mud-palette-text-primary", "#424242"), lines: v("--mud-palette-lines-default", "rgba(0,0,0,0.12)"),
        accent: v("--mud-palette-error", "#d62728") };
}

// Large plots send labels only for the rows that are marked.
function labelOf(state, row) {
    return state.labels ? state.labels[row] : (state.labelsFor?.get(row) ?? "");
}

function layout(state) {
    const ink = themeColours();
    const axis = { gridcolor: ink.lines, zerolinecolor: ink.lines, linecolor: ink.lines };
    const base = {
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
        font: { color: ink.text },
        xaxis: axis,
        yaxis: { ...axis },
        margin: { l: 40, r: 10, t: 10, b: 40 },
        dragmode: state.dims === 3 ? "orbit" : "pan",
        hovermode: state.large ? false : "closest",
        uirevision: "keep", // keep zoom/pan when coordinates update in place
        legend: { itemsizing: "constant" },
        annotations: arrowAnnotations(state),
    };
    // Categories of a 2-D map: the legend goes below it in rows, so the map keeps the plot's whole width (beside it,
    // ten category names took a third of a narrow plot).
    if (state.dims === 2 && state.color?.kind === "category")
        base.legend = { itemsizing: "constant", orientation: "h", x: 0, xanchor: "left", y: -0.06, yanchor: "top" };
    if (state.dims === 3) base.scene = { aspectmode: "cube", uirevision: "keep", xaxis: { ...axis }, yaxis: { ...axis }, zaxis: { ...axis } }; // "data" squashes PCA views whose first axis dominates
    return base;
}

function rowOf(state, point) {
    const rows = point.curveNumber < state.pointTraces ? state.traceRows[point.curveNumber] : null;
    if (point.curveNumber < state.pointTraces) return rows ? rows[point.pointNumber] : point.pointNumber;
    if (point.curveNumber === state.pointTraces) return state.highlight[point.pointNumber];
    return -1;
}

/**
 * Draws (or redraws) a projection.
 * data: { dims, coords: byte[] float32 row-major, labels: string[], hover: string[] (raw, one per point; "\n" = line break),
 *         color: null | { kind: "category", name, codes: byte[] int32, categories: string[] } | { kind: "numeric", name, values: byte[] float32 },
 *         arrows: [[fromRow, toRow]...], highlight: int[] }
 */
export async function render(element, dotnet, data) {
    element = el(element);
    const Plotly = await ensurePlotly();
    const coords = floats(data.coords);
    const state = plots.get(element.id) ?? {};
    Object.assign(state, {
        element, dotnet, dims: data.dims, coords, n: coords.length / data.dims,
        labels: data.labels ?? null,
        labelsFor: new Map(Object.entries(data.labelsFor ?? {}).map(([r, l]) => [Number(r), l])),
        hover: data.hover ? data.hover.map(h => escapeHtml(h).replace(/\n/g, "<br>")) : null,
        large: !data.hover,
        index: null,
        color: data.color,
        arrows: data.arrows ?? [],
        highlight: Int32Array.from(data.highlight ?? []),
        highlightLabels: new Set(data.highlight ?? []),
    });
    const fresh = !plots.has(element.id) || state.renderedDims !== data.dims;
    if (fresh && plots.has(element.id)) Plotly.purge(element);
    plots.set(element.id, state);
    state.renderedDims = data.dims;
    const config = { responsive: true, displaylogo: false, scrollZoom: true,
        modeBarButtonsToRemove: ["toImage"], toImageButtonOptions: { format: "png" } };
    await Plotly.react(element, buildTraces(state), layout(state), config);
    if (!state.listening) {
        state.listening = true;
        element.on("plotly_click", ev => {
            const p = ev?.points?.[0];
            if (!p) return;
            const row = rowOf(plots.get(element.id), p);
            if (row >= 0) plots.get(element.id).dotnet.invokeMethodAsync("OnPointClicked", row);
        });
        element.on("plotly_selected", ev => {
            const s = plots.get(element.id);
            const rows = [];
            for (const p of ev?.points ?? []) { const r = rowOf(s, p); if (r >= 0 && p.curveNumber < s.pointTraces) rows.push(r); }
            // Cap what crosses the circuit: the page lists a few hundred anyway; the total is reported.
            s.dotnet.invokeMethodAsync("OnPointsSelected", rows.slice(0, 20000), rows.length);
        });
        element.on("plotly_deselect", () => plots.get(element.id).dotnet.invokeMethodAsync("OnPointsSelected", [], 0));
        // Thumbnails: the hovered point's picture; pictures in view follow every zoom and pan.
        element.on("plotly_hover", ev => {
            const s = plots.get(element.id);
            const p = ev?.points?.[0];
            const row = p ? rowOf(s, p) : -1;
            const at = s.dims === 2 && row >= 0 ? pixelOf(element, row) : { x: ev?.event?.clientX ?? 0, y: ev?.event?.clientY ?? 0 };
            sprites.showHover(s, row, at.x, at.y);
        });
        element.on("plotly_unhover", () => sprites.hideHover(plots.get(element.id)));
        element.on("plotly_relayouting", () => sprites.redraw(plots.get(element.id)));
        element.on("plotly_afterplot", () => sprites.redraw(plots.get(element.id)));
    }
    if (state.large && state.dims === 2) listenLarge(element);
    element.dataset.points = String(state.n);
    element.dataset.dims = String(state.dims);
    sprites.hideHover(state);
    applySprites(state);
    sprites.redraw(state);
    return state.n;
}

// Thumbnail settings per plot id: .NET may send them while the first render still waits for plotly.js to load, so they
// are kept here and applied by every render.
const spriteSettings = new Map(); // element id → { sheet, on }

function applySprites(state) {
    const wanted = spriteSettings.get(state.element.id);
    if (!wanted) return Promise.resolve(false);
    sprites.setMode(state, wanted.on);
    return sprites.setSheet(state, wanted.sheet);
}

/** Gives the plot its set's thumbnails (sheet: see sprites.setSheet) or none (null); resolves true once the atlas loaded. */
export function setSprites(element, sheet) {
    const id = el(element).id;
    spriteSettings.set(id, { ...(spriteSettings.get(id) ?? { on: false }), sheet });
    const state = plots.get(id);
    return state?.element ? applySprites(state) : Promise.resolve(false);
}

/** Draw the points in view as their pictures (when few enough are in view) or as dots. */
export function setSpriteMode(element, on) {
    const id = el(element).id;
    spriteSettings.set(id, { ...(spriteSettings.get(id) ?? { sheet: null }), on: !!on });
    const state = plots.get(id);
    if (state?.element) sprites.setMode(state, on);
}

/** Replaces the coordinates in place (live t-SNE): same points, same colours, zoom kept. */
export async function updateCoordinates(element, coordBytes) {
    element = el(element);
    const state = plots.get(element.id);
    if (!state) return;
    const coords = floats(coordBytes);
    if (coords.length !== state.n * state.dims) return;
    state.coords = coords;
    state.index = null; // rebuilt at the next hover
    const traces = [], xs = [], ys = [], zs = [];
    for (let t = 0; t < state.pointTraces; t++) {
        traces.push(t);
        xs.push(axis(state, state.traceRows[t], 0));
        ys.push(axis(state, state.traceRows[t], 1));
        if (state.dims === 3) zs.push(axis(state, state.traceRows[t], 2));
    }
    traces.push(state.pointTraces);
    xs.push(axis(state, state.highlight, 0));
    ys.push(axis(state, state.highlight, 1));
    if (state.dims === 3) zs.push(axis(state, state.highlight, 2));
    const update = state.dims === 3 ? { x: xs, y: ys, z: zs } : { x: xs, y: ys };
    await window.Plotly.restyle(element, update, traces);
    if (state.dims === 2 && state.arrows.length) await window.Plotly.relayout(element, { annotations: arrowAnnotations(state) });
    else if (state.dims === 3 && state.arrows.length) await window.Plotly.deleteTraces(element, -1).then(() => window.Plotly.addTraces(element, arrowTrace3d(state)));
    sprites.redraw(state);
}

/** Marks rows (search matches, neighbours, the clicked point); labelled rows also show their label. */
export async function highlight(element, rows, labelledRows, labels) {
    element = el(element);
    const state = plots.get(element.id);
    if (!state) return;
    state.highlight = Int32Array.from(rows ?? []);
    state.highlightLabels = new Set(labelledRows ?? []);
    (labelledRows ?? []).forEach((r, i) => { if (labels && labels[i] !== undefined) state.labelsFor.set(r, labels[i]); });
    const trace = highlightTrace(state);
    const update = { x: [trace.x], y: [trace.y], text: [trace.text], hovertext: [trace.hovertext] };
    if (state.dims === 3) update.z = [trace.z];
    await window.Plotly.restyle(element, update, [state.pointTraces]);
}

/** Centres the 2-D view on a row (keeps the zoom level); 3-D views only highlight. */
export async function focus(element, row) {
    element = el(element);
    const state = plots.get(element.id);
    if (!state || state.dims !== 2) return;
    const full = element._fullLayout;
    const xr = full.xaxis.range, yr = full.yaxis.range;
    const x = state.coords[row * 2], y = state.coords[row * 2 + 1];
    const hw = (xr[1] - xr[0]) / 2, hh = (yr[1] - yr[0]) / 2;
    if (x > xr[0] + hw * 0.2 && x < xr[1] - hw * 0.2 && y > yr[0] + hh * 0.2 && y < yr[1] - hh * 0.2) return; // already well in view
    await window.Plotly.relayout(element, { "xaxis.range": [x - hw, x + hw], "yaxis.range": [y - hh, y + hh] });
}

/** Page coordinates of a row's marker in a 2-D plot (used by end-to-end tests to hover and click a point). */
export function pixelOf(element, row) {
    element = el(element);
    const state = plots.get(element.id);
    if (!state || state.dims !== 2) return null;
    const full = element._fullLayout;
    const box = element.getBoundingClientRect();
    return {
        x: box.left + full._size.l + full.xaxis.l2p(state.coords[row * 2]),
        y: box.top + full._size.t + full.yaxis.l2p(state.coords[row * 2 + 1]),
    };
}

// --- large plots: hover and click through the grid index ---------------------------------------------------------

/** The row nearest to page point (clientX, clientY) within maxPixels on a 2-D plot, or -1 (also used by tests). */
export function nearestRow(element, clientX, clientY, maxPixels = 12) {
    element = el(element);
    const state = plots.get(element.id);
    const full = element._fullLayout;
    if (!state || state.dims !== 2 || !full?.xaxis) return -1;
    const box = element.getBoundingClientRect();
    const px = clientX - box.left - full._size.l, py = clientY - box.top - full._size.t;
    if (px < 0 || py < 0 || px > full._size.w || py > full._size.h) return -1;
    state.index ??= new GridIndex(state.coords, state.dims); // once per draw (and after live coordinates)
    return state.index.nearest(full.xaxis.p2l(px), full.yaxis.p2l(py), full.xaxis._m, full.yaxis._m, maxPixels);
}

function tooltip(element) {
    let tip = element.parentElement.querySelector(":scope > .el-plot-tip");
    if (!tip) {
        tip = document.createElement("div");
        tip.className = "el-plot-tip";
        tip.setAttribute("role", "status");
        tip.dataset.testid = "plot-tip";
        element.parentElement.appendChild(tip);
    }
    return tip;
}

function listenLarge(element) {
    if (element._elLarge) return;
    element._elLarge = true;
    let frame = 0, last = null, down = null, shown = -1;
    const hide = () => { shown = -1; tooltip(element).style.display = "none"; };
    element.addEventListener("mousemove", ev => {
        last = ev;
        if (frame) return;
        frame = requestAnimationFrame(async () => {
            frame = 0;
            const state = plots.get(element.id);
            if (!state?.large || !last || last.buttons) return hide();
            const row = nearestRow(element, last.clientX, last.clientY);
            if (row < 0) return hide();
            if (row === shown) return;
            shown = row;
            const tip = tooltip(element);
            const parent = element.parentElement.getBoundingClientRect();
            tip.style.left = (last.clientX - parent.left + 12) + "px";
            tip.style.top = (last.clientY - parent.top + 12) + "px";
            tip.textContent = "#" + row;
            tip.style.display = "block";
            element.dataset.hoverRow = String(row);
            // Text from .NET, set as text (never HTML): a key like <script> stays text.
            if (state.dotnet) {
                const text = await state.dotnet.invokeMethodAsync("HoverText", row).catch(() => null);
                if (shown === row && text != null) tip.textContent = text;
            }
        });
    });
    element.addEventListener("mouseleave", hide);
    element.addEventListener("mousedown", ev => { down = { x: ev.clientX, y: ev.clientY }; });
    element.addEventListener("click", ev => {
        const state = plots.get(element.id);
        // A drag (pan, box) ends in a click too: only a click that stayed put picks a point.
        if (!state?.large || !down || Math.hypot(ev.clientX - down.x, ev.clientY - down.y) > 4) return;
        const row = nearestRow(element, ev.clientX, ev.clientY);
        element.dataset.clickedRow = String(row);
        if (row >= 0) state.dotnet?.invokeMethodAsync("OnPointClicked", row);
    });
}

export function downloadPng(element, filename) {
    element = el(element);
    return window.Plotly.downloadImage(element, { format: "png", filename: filename || "projection", width: 1400, height: 1000 });
}

/** Saves text built in .NET (e.g. the projection as TSV) as a file download. */
export function downloadText(filename, text, mime) {
    const blob = new Blob([text], { type: mime || "text/plain;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url; a.download = filename; a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function dispose(element) {
    element = el(element);
    if (!element) return;
    plots.delete(element.id);
    spriteSettings.delete(element.id);
    if (window.Plotly) window.Plotly.purge(element);
}

// For end-to-end tests: find a plot's API by element id without importing the module.
// isolatedRow: the row of a 2-D plot whose nearest other point is farthest on screen (unambiguous to hover and click).
function isolatedRow(id) {
    const element = document.getElementById(id);
    const state = plots.get(id);
    if (!state || state.dims !== 2 || state.n > 5000) return 0;
    const px = [];
    for (let r = 0; r < state.n; r++) px.push(pixelOf(element, r));
    let best = 0, bestGap = -1;
    for (let r = 0; r < state.n; r++) {
        let gap = Infinity;
        for (let o = 0; o < state.n; o++) {
            if (o === r) continue;
            const dx = px[r].x - px[o].x, dy = px[r].y - px[o].y;
            gap = Math.min(gap, dx * dx + dy * dy);
        }
        if (gap > bestGap) { bestGap = gap; best = r; }
    }
    return best;
}

window.embeddingLabPlot = { pixelOf: (id, row) => pixelOf(document.getElementById(id), row), isolatedRow, escapeHtml,
    nearestRow: (id, x, y, max) => nearestRow(document.getElementById(id), x, y, max),
    coordinates: id => plots.get(id)?.coords, GridIndex };
