// EmbeddingLab map overlay: cluster names and density contours on the projector's plotly plot (drawn by plot.js).
// The overlay lives in its own module and keeps itself on the plot: plot.js redraws with Plotly.react (which drops
// annotations and traces it did not make), so after every draw ("plotly_afterplot") the overlay puts itself back.
// Names are plotly annotations with a fixed pixel size, so they read the same at every zoom; where two would overlap
// the larger cluster's name wins (greedy by size, recomputed after every zoom and pan). On a 3-D map they are the
// scene's annotations, anchored at each cluster's centre in 3-D (they follow every orbit; the largest clusters' names
// only, as overlaps change with the camera). Clicking a name asks .NET to select the cluster. Every name is
// HTML-escaped here exactly once (plotly renders annotation text as HTML).

import { escapeHtml } from "./plot.js";

const overlays = new Map(); // element id → { dotnet, marks, density, busy, handlers }
const prefix = "el-cluster-";
const densityUid = "el-density";
const maxLabels = 300;

function floats(bytes) {
    if (!bytes) return null;
    const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    const aligned = u8.byteOffset % 4 === 0 ? u8 : u8.slice();
    return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}

function theme() {
    const css = getComputedStyle(document.documentElement);
    const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    return { text: v("--mud-palette-text-primary", "#212121"), surface: v("--mud-palette-surface", "#ffffff"),
        lines: v("--mud-palette-lines-default", "rgba(0,0,0,0.12)"), primary: v("--mud-palette-primary", "#594ae2") };
}

const isMap = element => element && element._fullLayout && element.dataset.dims === "2";
const isScene = element => element && element._fullLayout && element.dataset.dims === "3";

// Which names to show at the current zoom: inside the plot area, no two overlapping, the larger cluster first.
function visibleLabels(element, marks) {
    const full = element._fullLayout;
    const size = full._size;
    const boxes = [];
    const visible = new Set();
    for (const i of marks.bySize) {
        const px = full.xaxis.l2p(marks.x[i]), py = full.yaxis.l2p(marks.y[i]);
        if (!(px >= 0 && px <= size.w && py >= 0 && py <= size.h)) continue;
        const w = marks.names[i].length * 7 + 14, h = 22;
        const box = [px - w / 2, py - h / 2, px + w / 2, py + h / 2];
        if (boxes.some(b => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1])) continue;
        boxes.push(box);
        visible.add(i);
        if (visible.size >= maxLabels) break;
    }
    return visible;
}

function labelAnnotations(element, marks) {
    const ink = theme();
    const visible = visibleLabels(element, marks);
    element.dataset.clusterLabels = String(visible.size);
    return marks.names.map((name, i) => ({ ...annotation(name, i, marks, ink), x: marks.x[i], y: marks.y[i], xref: "x", yref: "y", visible: visible.has(i) }));
}

function annotation(name, i, marks, ink) {
    return {
        name: prefix + marks.ids[i], showarrow: false, text: escapeHtml(name), font: { size: 12, color: ink.text }, bgcolor: ink.surface,
        bordercolor: ink.primary, borderwidth: 1, borderpad: 3, opacity: 0.92, captureevents: true,
        hovertext: escapeHtml(`${name} · ${marks.sizes[i].toLocaleString("en-US")} points · click to select`),
    };
}

// 3-D: the names of the largest clusters at their centres in the scene.
function sceneAnnotations(marks) {
    const ink = theme();
    const shown = marks.bySize.slice(0, marks.most3d);
    return shown.map(i => ({ ...annotation(marks.names[i], i, marks, ink), x: marks.x[i], y: marks.y[i], z: marks.z[i] }));
}

function densityTrace(density) {
    const ink = theme();
    const z = floats(density.z);
    const rows = [];
    for (let r = 0; r < density.ny; r++) rows.push(Array.from(z.subarray(r * density.nx, (r + 1) * density.nx)));
    let max = 0;
    for (const v of z) if (v > max) max = v;
    return {
        type: "contour", uid: densityUid, name: "density", x: Array.from(floats(density.x)), y: Array.from(floats(density.y)), z: rows,
        showscale: false, hoverinfo: "skip", showlegend: false,
        colorscale: [[0, ink.primary], [1, ink.primary]],
        contours: { coloring: "lines", start: max * 0.08, end: max * 0.92, size: max * 0.12, showlabels: false },
        line: { width: 1.2, smoothing: 0.8 }, opacity: 0.7,
    };
}

function densityIndex(element) { return (element.data ?? []).findIndex(t => t.uid === densityUid); }

const own = a => (a.name ?? "").startsWith(prefix);
function ownAnnotations(element) { return (element.layout.annotations ?? []).filter(own); }
function ownSceneAnnotations(element) { return (element.layout.scene?.annotations ?? []).filter(own); }

// 3-D maps: the names as scene annotations (put back after every redraw, which replaces the scene).
async function applyScene(element, o, force) {
    const want = o.marks && o.marks.z && o.marks.names.length > 0;
    const have = ownSceneAnnotations(element);
    const others = (element.layout.scene?.annotations ?? []).filter(a => !own(a));
    if (want && (force || o.stale || have.length === 0 || have[0]?.z !== o.marks.z[o.marks.bySize[0]])) {
        o.stale = false;
        const names = sceneAnnotations(o.marks);
        await window.Plotly.relayout(element, { "scene.annotations": others.concat(names) });
        element.dataset.clusterLabels = String(names.length);
    } else if (!want && have.length > 0) {
        await window.Plotly.relayout(element, { "scene.annotations": others });
        delete element.dataset.clusterLabels;
    }
}

// Puts the overlay on the plot as it should be; returns quickly when it already is.
async function apply(element, force) {
    const o = overlays.get(element.id);
    if (!o || o.busy || !element._fullLayout) return;
    o.busy = true;
    try {
        if (isScene(element)) { await applyScene(element, o, force); return; }
        const map = isMap(element);
        const others = (element.layout.annotations ?? []).filter(a => !(a.name ?? "").startsWith(prefix));
        const wantLabels = map && o.marks && o.marks.names.length > 0;
        const have = ownAnnotations(element);
        if (wantLabels && (force || have.length !== o.marks.names.length || have[0]?.x !== o.marks.x[0] || o.stale)) {
            o.stale = false;
            await window.Plotly.relayout(element, { annotations: others.concat(labelAnnotations(element, o.marks)) });
        } else if (!wantLabels && have.length > 0) {
            await window.Plotly.relayout(element, { annotations: others });
            delete element.dataset.clusterLabels;
        }
        const at = densityIndex(element);
        if (map && o.density && (at < 0 || o.densityStale)) {
            if (at >= 0) await window.Plotly.deleteTraces(element, at);
            o.densityStale = false;
            await window.Plotly.addTraces(element, densityTrace(o.density));
            element.dataset.density = "on";
        } else if ((!map || !o.density) && at >= 0) {
            await window.Plotly.deleteTraces(element, at);
            delete element.dataset.density;
        }
    } finally {
        o.busy = false;
    }
}

function attach(element) {
    const o = overlays.get(element.id);
    if (o.listening === element._ev) return; // plotly's emitter of this plot (a purge replaces it)
    o.listening = element._ev;
    element.on("plotly_afterplot", () => requestAnimationFrame(() => apply(element, false)));
    element.on("plotly_relayout", ev => {
        // A zoom or pan (not our own annotation update): choose the visible names again.
        if (!ev || !Object.keys(ev).some(k => k.startsWith("xaxis") || k.startsWith("yaxis") || k === "autosize")) return;
        const s = overlays.get(element.id);
        if (s) s.stale = true;
        requestAnimationFrame(() => apply(element, true));
    });
    element.on("plotly_clickannotation", ev => {
        const name = ev?.annotation?.name ?? "";
        if (!name.startsWith(prefix)) return;
        const s = overlays.get(element.id);
        s?.dotnet.invokeMethodAsync("OnClusterLabelClicked", Number(name.slice(prefix.length)));
    });
}

/**
 * Sets what the overlay draws on a plot.
 * marks: null | { ids: int[], sizes: int[], names: string[] (raw), x: byte[] float32, y: byte[] float32,
 *                 z: null | byte[] float32 (3-D maps), most3d: how many names a 3-D map shows (the largest clusters) }
 * density: null | { nx, ny, x: byte[] float32, y: byte[] float32, z: byte[] float32 (row-major by y) }
 */
export async function set(id, dotnet, marks, density) {
    const element = document.getElementById(id);
    if (!element) return;
    const o = overlays.get(id) ?? {};
    o.dotnet = dotnet;
    if (marks) {
        const x = floats(marks.x), y = floats(marks.y), z = floats(marks.z);
        const bySize = marks.ids.map((_, i) => i).sort((a, b) => marks.sizes[b] - marks.sizes[a] || a - b);
        o.marks = { ids: marks.ids, sizes: marks.sizes, names: marks.names, x, y, z, bySize, most3d: marks.most3d };
    } else o.marks = null;
    o.densityStale = o.density !== density && !!density;
    o.density = density;
    o.stale = true;
    overlays.set(id, o);
    // The plot may not be drawn yet (plot.js loads plotly first): afterplot puts the overlay on when it is.
    for (let tries = 0; !element._fullLayout && tries < 100; tries++) await new Promise(r => setTimeout(r, 50));
    if (!element._fullLayout) return;
    attach(element);
    await apply(element, true);
}

export function dispose(id) { overlays.delete(id); }

// For end-to-end tests: page coordinates of the cluster names shown now.
function shownLabels(id) {
    const element = document.getElementById(id);
    const o = overlays.get(id);
    if (!element || !o?.marks || !isMap(element)) return [];
    const full = element._fullLayout, box = element.getBoundingClientRect();
    return ownAnnotations(element).filter(a => a.visible !== false).map(a => ({
        id: Number(a.name.slice(prefix.length)),
        x: box.left + full._size.l + full.xaxis.l2p(a.x), y: box.top + full._size.t + full.yaxis.l2p(a.y),
    }));
}

window.embeddingLabClusters = { shownLabels };
