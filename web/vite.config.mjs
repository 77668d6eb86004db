// Builds the web console into web/dist, which the service serves at `/` (src/web/web-console.ts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  // Vite compiles TSX itself (Oxc); React 19's automatic JSX runtime needs no import of React per file.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No data: URLs: the page runs under `default-src 'self'`.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    rolldownOptions: {
      // React Query marks its hooks "use client" for server components, which this app does not have.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
