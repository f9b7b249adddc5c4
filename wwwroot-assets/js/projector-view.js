// The projector's camera for shareable views: reports the user's zoom/pan (2-D axis ranges) or orbit (3-D camera) to
// .NET, debounced, and applies a camera from an opened link once the plot has drawn. Kept apart from plot.js: it only
// reads plotly's layout and calls Plotly.relayout.

const watched = new Map(); // element id → { dotnet, handler, timer }

function camera(element) {
    const full = element._fullLayout;
    if (!full) return null;
    if (full.scene) {
        const c = element.layout?.scene?.camera;
        if (!c || !c.eye) return null;
        const e = c.eye, ce = c.center ?? { x: 0, y: 0, z: 0 }, u = c.up ?? { x: 0, y: 0, z: 1 };
        return [e.x, e.y, e.z, ce.x, ce.y, ce.z, u.x, u.y, u.z];
    }
    if (!full.xaxis || !full.yaxis) return null;
    // Autoscaled axes are no camera: the view opens autoscaled too.
    if (full.xaxis.autorange && full.yaxis.autorange) return null;
    return [full.xaxis.range[0], full.xaxis.range[1], full.yaxis.range[0], full.yaxis.range[1]].map(Number);
}

async function drawn(element, points, timeoutMs) {
    const start = performance.now();
    while (performance.now() - start < timeoutMs) {
        if (element && typeof element.on === "function" && element._fullLayout && element.dataset.points === String(points)) return true;
        await new Promise(r => setTimeout(r, 50));
    }
    return false;
}

/** Listens for camera changes on the plot once it shows `points` points; reports them as OnCamera(double[] | null). */
export async function watch(id, dotnet, points) {
    const element = document.getElementById(id);
    if (!await drawn(element, points, 60000)) return false;
    const old = watched.get(id);
    if (old) element.removeListener?.("plotly_relayout", old.handler);
    const entry = { dotnet, timer: 0 };
    entry.handler = () => {
        clearTimeout(entry.timer);
        entry.timer = setTimeout(() => dotnet.invokeMethodAsync("OnCamera", camera(element)).catch(() => { }), 250);
    };
    element.on("plotly_relayout", entry.handler);
    watched.set(id, entry);
    return true;
}

/** Moves the plot's camera (2-D: [x0, x1, y0, y1]; 3-D: eye, centre, up) once it shows `points` points. */
export async function apply(id, points, cam) {
    const element = document.getElementById(id);
    if (!cam || !await drawn(element, points, 60000)) return false;
    if (cam.length === 4 && !element._fullLayout.scene)
        await window.Plotly.relayout(element, { "xaxis.range": [cam[0], cam[1]], "yaxis.range": [cam[2], cam[3]] });
    else if (cam.length === 9 && element._fullLayout.scene)
        await window.Plotly.relayout(element, { "scene.camera": { eye: { x: cam[0], y: cam[1], z: cam[2] }, center: { x: cam[3], y: cam[4], z: cam[5] }, up: { x: cam[6], y: cam[7], z: cam[8] } } });
    return true;
}

export function forget(id) {
    const entry = watched.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    document.getElementById(id)?.removeListener?.("plotly_relayout", entry.handler);
    watched.delete(id);
}

// Plotly writes gradient fills and clip paths as url("<page URL>#id") when the page has a <base> element, with the page
// URL of the plot's first draw. The view sync replaces the query, so those references then name another document and
// the colour bar's gradient went blank: point them at the current URL (every plot on the page, also the small charts).
export function rebase() {
    const now = location.href.split("#")[0];
    for (const gd of document.querySelectorAll(".js-plotly-plot")) {
        const old = gd._context?._baseUrl;
        if (!old || old === now) continue;
        gd._context._baseUrl = now;
        for (const el of gd.querySelectorAll("[style*='url('], [clip-path], [fill^='url('], [mask]")) {
            for (const attr of ["style", "clip-path", "fill", "mask"]) {
                const value = el.getAttribute(attr);
                if (value && value.includes(old + "#")) el.setAttribute(attr, value.split(old + "#").join(now + "#"));
            }
        }
    }
}
