// Remembers the light/dark choice in a cookie the server reads while prerendering (no flash of the wrong theme).
export function remember(dark) {
    document.cookie = `el-theme=${dark ? "dark" : "light"}; path=/; max-age=31536000; SameSite=Lax`;
    document.body.classList.toggle("el-dark", dark);
    document.body.classList.toggle("el-light", !dark);
}
