import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API serves the built app on one port in production; in development vite serves the app and
// forwards /api to the API so the session cookie stays same-origin.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
});
