// Generates bundled data and builds the UI: everything `wrangler dev`, tests and deploy need.
import './bundle-data.mjs';
await import('./build-ui.mjs');
