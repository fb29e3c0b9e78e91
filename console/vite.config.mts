import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The officials' console: built into console/dist, which the Koa server serves
// at /console/ (server/http/middleware/console-static.ts). `npm run dev:console`
// serves it with hot reload and sends /api to a server on port 3000.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2500 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
