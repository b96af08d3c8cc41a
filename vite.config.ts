import { defineConfig } from 'vite';

export default defineConfig({
  // Preact's automatic JSX runtime, compiled by Vite's own transformer (no plugin needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  worker: { format: 'es' },
  build: { target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
