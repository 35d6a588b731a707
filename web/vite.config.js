import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The bundle goes straight into the jar's META-INF/resources, which Spring Boot serves at /.
export default defineConfig({
  root: 'src/app',
  base: '/',
  resolve: {
    alias: { util: fileURLToPath(new URL('./src/app/lib/util-shim.js', import.meta.url)) },
  },
  build: {
    outDir: '../../target/classes/META-INF/resources',
    emptyOutDir: true,
    // No inline script or style may survive the strict Content-Security-Policy.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
  },
  test: {
    root: '.',
    include: ['src/app/**/*.test.js'],
    environment: 'node',
  },
});
