import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// One HTML entry per page; the server maps /login, /wallboard, ... to these files (ClientPages.cs).
const pages = ['login', 'wallboard', 'agent', 'backoffice', 'dispatcher'];

export default defineConfig({
  base: '/',
  build: {
    // The server's web root; git-ignored, rebuilt by the Server project's build (ClientApp.targets).
    outDir: resolve(import.meta.dirname, '../wwwroot'),
    emptyOutDir: true,
    // ECharts alone is ~600 kB minified even when tree-shaken; the pages load from the server on the LAN.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: Object.fromEntries(pages.map((page) => [page, resolve(import.meta.dirname, `${page}.html`)])),
    },
  },
});
