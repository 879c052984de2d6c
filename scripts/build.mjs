// Generates bundled data, pre-bundles exceljs and builds the UI: everything `wrangler dev`, tests and deploy need.
import './bundle-data.mjs';
import './bundle-exceljs.mjs';
await import('./build-ui.mjs');
