import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web app: built into web/dist, which the API serves at `/`. `npm run dev:web` serves it
 * with hot reload and passes the API's paths through to a server on :4000 (`npm start`).
 */
const api = process.env['TOTAALBEELD_API'] ?? 'http://localhost:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: { '/graphql': api, '/auth/dev-token': api, '/auth/config': api, '/health': api },
  },
});
