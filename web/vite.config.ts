// Builds the web app into dist/ for `backcare serve --static-dir` and for embedding: two entries,
// the staff app (index.html) and the patient portal (portal.html, served at /portal), so the
// portal ships only what a patient needs (check-portal-size.mjs holds it to its budget).
// The server's CSP allows only same-origin scripts and styles, so the build must produce no
// inline <script> or <style>: CSS goes to its own file and the entry is an external module.
import { defineConfig, type Connect, type Plugin } from "vite";
import preact from "@preact/preset-vite";

// Node's process, declared here so type-checking needs no @types/node.
declare const process: { env: Record<string, string | undefined> };

/** `npm run dev` / `vite preview`: /portal and /portal/... get portal.html, as the server does. */
function PortalPages(): Plugin {
  const rewrite: Connect.NextHandleFunction = (incoming, _res, next) => {
    // Node's request, typed here so type-checking needs no @types/node.
    const req = incoming as unknown as { url?: string; headers: { accept?: string } };
    if (req.url && /^\/portal(?:[/?]|$)/.test(req.url) && req.headers.accept?.includes("text/html")) {
      req.url = "/portal.html";
    }
    next();
  };
  return {
    name: "backcare-portal-pages",
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

export default defineConfig({
  base: "/",
  plugins: [preact(), PortalPages()],
  // `npm run dev`: the API comes from a running `backcare serve` (BACKCARE_API, default :8080).
  server: {
    proxy: { "/api": process.env.BACKCARE_API ?? "http://127.0.0.1:8080" },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    sourcemap: false,
    cssCodeSplit: false,
    // Never inline assets as data: URLs into JS/CSS; hashed files under assets/ instead.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      // The portal's service worker keeps one unhashed name: its address is its identity.
      input: { index: "index.html", portal: "portal.html", "portal-sw": "src/portal/sw.ts" },
      output: {
        entryFileNames: (chunk) => (chunk.name === "portal-sw" ? "portal-sw.js" : "assets/[name]-[hash].js"),
        chunkFileNames: "assets/[name]-[hash].js",
        assetFileNames: "assets/[name]-[hash][extname]",
      },
    },
  },
});
