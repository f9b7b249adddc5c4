// EmbeddingLab's side-by-side maps for the Compare page: two plotly scatter plots of the same keys (A's map and B's),
// linked in the browser — hovering a key in one rings it in both, clicking a key pins it in both (and tells .NET, which
// shows its two neighbourhoods), a box or lasso selection in one selects the same keys in the other. The linking runs
// here, not over the circuit, so it keeps up with the mouse. Keys are escaped once (plot.js's escapeHtml) before plotly
// sees them. Each plot element carries what it shows as data attributes (data-hover-key, data-selected-key,
// data-selected-count) for tests and assistive tools.

import { escapeHtml, ensurePlotly, floats } from "./plot.js";

const pairs = new Map(); // id of plot A → pair state

function themeColours() {
    const css = getComputedStyle(document.documentElement);
    const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    return { text: v("--mud-palette-text-primary", "#424242"), lines: v("--mud-palette-lines-default", "rgba(0,0,0,0.12)"),
        accent: v("--mud-palette-error", "#d62728"), surface: v("--mud-palette-surface", "#ffffff") };
}

function column(coords, a) {
    const out = new Float32Array(coords.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = coords[i * 2 + a];
    return out;
}

function pointsTrace(pair, coords, showScale) {
    const { n, overlap } = pair;
    const marker = { size: n > 20000 ? 3 : n > 2000 ? 5 : 8, opacity: 0.85, line: { width: 0 } };
    if (overlap) {
        marker.color = overlap;
        marker.colorscale = "Viridis";
        marker.cmin = 0;
        marker.cmax = 1;
        marker.showscale = showScale;
        marker.colorbar = { title: { text: escapeHtml(pair.colorTitle), side: "right" }, thickness: 12, len: 0.9 };
    } else marker.color = "#1f77b4";
    return { type: "scattergl", mode: "markers", x: column(coords, 0), y: column(coords, 1), marker,
        hoverinfo: "text", hovertext: pair.hover, showlegend: false };
}

// The ringed keys (hovered and pinned) with their labels; hoverinfo "skip" so the ring never steals the hover.
function ringTrace(pair, coords) {
    const rows = pair.ringRows();
    const ink = themeColours();
    return { type: "scatter", mode: "markers+text", x: rows.map(r => coords[r * 2]), y: rows.map(r => coords[r * 2 + 1]),
        text: rows.map(r => escapeHtml(pair.labels[r])), textposition: "top center", textfont: { color: ink.text, size: 13 },
        marker: { size: 16, color: "rgba(0,0,0,0)", line: { color: ink.accent, width: 3 } }, hoverinfo: "skip", showlegend: false };
}

function layout(title) {
    const ink = themeColours();
    const axis = { gridcolor: ink.lines, zerolinecolor: ink.lines, linecolor: ink.lines };
    return { paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)", font: { color: ink.text },
        title: { text: escapeHtml(title), font: { size: 14 }, x: 0.02 }, xaxis: axis, yaxis: { ...axis },
        margin: { l: 40, r: 10, t: 34, b: 30 }, dragmode: "pan", hovermode: "closest", uirevision: "keep" };
}

function sides(pair) { return [{ el: pair.elA, coords: pair.a }, { el: pair.elB, coords: pair.b }]; }

async function redrawRings(pair) {
    const Plotly = window.Plotly;
    for (const side of sides(pair)) {
        const t = ringTrace(pair, side.coords);
        await Plotly.restyle(side.el, { x: [t.x], y: [t.y], text: [t.text] }, [1]);
    }
    for (const side of sides(pair)) {
        side.el.dataset.hoverKey = pair.hoverRow >= 0 ? pair.keys[pair.hoverRow] : "";
        side.el.dataset.selectedKey = pair.pinnedRow >= 0 ? pair.keys[pair.pinnedRow] : "";
    }
    if (pair.status) {
        const r = pair.hoverRow >= 0 ? pair.hoverRow : pair.pinnedRow;
        pair.status.textContent = r < 0 ? pair.idleStatus
            : `${pair.keys[r]}${pair.labels[r] !== pair.keys[r] ? " · " + pair.labels[r] : ""} — ${pair.overlap && !Number.isNaN(pair.overlap[r]) ? pair.colorTitle + " " + pair.overlap[r].toFixed(2) : "overlap not computed"}${r === pair.pinnedRow ? " (pinned)" : ""}`;
    }
}

async function select(pair, rows) {
    const Plotly = window.Plotly;
    for (const side of sides(pair)) {
        await Plotly.restyle(side.el, { selectedpoints: [rows] }, [0]);
        side.el.dataset.selectedCount = rows ? String(rows.length) : "0";
    }
}

function listen(pair, el) {
    el.on("plotly_hover", ev => {
        const p = ev?.points?.find(q => q.curveNumber === 0);
        if (!p || pair.hoverRow === p.pointNumber) return;
        pair.hoverRow = p.pointNumber;
        redrawRings(pair);
    });
    el.on("plotly_unhover", () => {
        if (pair.hoverRow < 0) return;
        pair.hoverRow = -1;
        redrawRings(pair);
    });
    el.on("plotly_click", ev => {
        const p = ev?.points?.find(q => q.curveNumber === 0);
        if (!p) return;
        pair.pinnedRow = pair.pinnedRow === p.pointNumber ? -1 : p.pointNumber;
        redrawRings(pair);
        if (pair.pinnedRow >= 0) pair.dotnet?.invokeMethodAsync("OnKeyPinned", pair.keys[pair.pinnedRow]);
    });
    el.on("plotly_selected", ev => {
        const rows = [...new Set((ev?.points ?? []).filter(q => q.curveNumber === 0).map(q => q.pointNumber))];
        select(pair, rows);
    });
    el.on("plotly_deselect", () => select(pair, null));
}

/**
 * Draws the two maps and links them.
 * data: { a: byte[] float32 n×2, b: byte[] float32 n×2, keys: string[] (raw), labels: string[] (raw, shown by the ring), hover: string[] (raw, "\n" = line break),
 *         overlap: byte[] float32 (NaN = not computed) | null, colorTitle, titleA, titleB, status: idle status text }
 */
export async function render(idA, idB, statusId, dotnet, data) {
    const Plotly = await ensurePlotly();
    const elA = document.getElementById(idA), elB = document.getElementById(idB);
    if (!elA || !elB) return 0;
    const old = pairs.get(idA);
    const pair = {
        elA, elB, dotnet, a: floats(data.a), b: floats(data.b), keys: data.keys, labels: data.labels ?? data.keys,
        hover: data.hover.map(h => escapeHtml(h).replace(/\n/g, "<br>")),
        overlap: data.overlap ? floats(data.overlap) : null, colorTitle: data.colorTitle,
        status: document.getElementById(statusId), idleStatus: data.status,
        hoverRow: -1, pinnedRow: -1,
    };
    pair.n = pair.a.length / 2;
    pair.ringRows = () => [...new Set([pair.pinnedRow, pair.hoverRow].filter(r => r >= 0))];
    pairs.set(idA, pair);
    const config = { responsive: true, displaylogo: false, scrollZoom: true, modeBarButtonsToRemove: ["toImage"] };
    // A fresh pair of maps: purge, so listeners and zoom of the previous comparison go.
    if (old) { Plotly.purge(elA); Plotly.purge(elB); }
    await Plotly.newPlot(elA, [pointsTrace(pair, pair.a, false), ringTrace(pair, pair.a)], layout(data.titleA), config);
    await Plotly.newPlot(elB, [pointsTrace(pair, pair.b, true), ringTrace(pair, pair.b)], layout(data.titleB), config);
    listen(pair, elA);
    listen(pair, elB);
    for (const el of [elA, elB]) {
        el.dataset.points = String(pair.n);
        el.dataset.hoverKey = "";
        el.dataset.selectedKey = "";
        el.dataset.selectedCount = "0";
    }
    if (pair.status) pair.status.textContent = pair.idleStatus;
    return pair.n;
}

/** Re-colours both maps' axes and labels for the current theme (the points keep their colours). */
export async function retheme(idA) {
    const pair = pairs.get(idA);
    if (!pair) return;
    const ink = themeColours();
    const axis = { gridcolor: ink.lines, zerolinecolor: ink.lines, linecolor: ink.lines };
    for (const side of sides(pair)) {
        await window.Plotly.relayout(side.el, { "font.color": ink.text, xaxis: { ...axis }, yaxis: { ...axis } });
        await window.Plotly.restyle(side.el, { "textfont.color": ink.text, "marker.line.color": ink.accent }, [1]);
    }
}

export function dispose(idA, idB) {
    pairs.delete(idA);
    for (const id of [idA, idB]) {
        const el = document.getElementById(id);
        if (el && window.Plotly) window.Plotly.purge(el);
    }
}

/** Page coordinates of a row's marker in one of the two maps (for end-to-end tests). */
function pixelOf(id, row) {
    const el = document.getElementById(id);
    const pair = [...pairs.values()].find(p => p.elA === el || p.elB === el);
    if (!pair) return null;
    const coords = el === pair.elA ? pair.a : pair.b;
    const full = el._fullLayout, box = el.getBoundingClientRect();
    return { x: box.left + full._size.l + full.xaxis.l2p(coords[row * 2]), y: box.top + full._size.t + full.yaxis.l2p(coords[row * 2 + 1]) };
}

/** Per row (among the first m): the squared screen distance to its nearest other marker, or -1 near the map's edge. */
function gaps(id, m) {
    const el = document.getElementById(id);
    const px = [];
    for (let r = 0; r < m; r++) px.push(pixelOf(id, r));
    const box = el.getBoundingClientRect();
    const out = new Array(m).fill(-1);
    for (let r = 0; r < m; r++) {
        const inside = px[r].x > box.left + 50 && px[r].x < box.right - 60 && px[r].y > box.top + 40 && px[r].y < box.bottom - 35;
        if (!inside) continue;
        let gap = Infinity;
        for (let o = 0; o < m; o++) {
            if (o === r) continue;
            const dx = px[r].x - px[o].x, dy = px[r].y - px[o].y;
            gap = Math.min(gap, dx * dx + dy * dy);
        }
        out[r] = gap;
    }
    return out;
}

function pairOf(id) {
    const el = document.getElementById(id);
    return [...pairs.values()].find(p => p.elA === el || p.elB === el);
}

function farthest(gapsOfRow) {
    let best = 0, bestGap = -1;
    gapsOfRow.forEach((g, r) => { if (g > bestGap) { bestGap = g; best = r; } });
    return best;
}

/** The row of a map whose nearest other marker is farthest on screen (unambiguous to hover), among the first 3,000. */
function isolatedRow(id) {
    const pair = pairOf(id);
    if (!pair) return -1;
    return farthest(gaps(id, Math.min(pair.n, 3000)));
}

/** The row that is unambiguous to hover in both maps (the larger of its two smallest gaps), among the first 3,000:
 *  a row isolated in A's map may sit on another marker in B's. */
function isolatedRowInBoth(idA, idB) {
    const pair = pairOf(idA);
    if (!pair) return -1;
    const m = Math.min(pair.n, 3000);
    const a = gaps(idA, m), b = gaps(idB, m);
    return farthest(a.map((g, r) => Math.min(g, b[r])));
}

window.embeddingLabCompare = { pixelOf, isolatedRow, isolatedRowInBoth, key: (id, row) => [...pairs.values()].find(p => p.elA.id === id || p.elB.id === id)?.keys[row] };
