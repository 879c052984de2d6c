// Stands in for zod's locales index in the Worker bundle (the [alias] in wrangler.toml). zod re-exports every
// locale as `z.locales` / `z.core.locales`, and @hono/zod-openapi passes the whole `z` namespace to
// extendZodWithOpenApi, so esbuild cannot drop the ~40 unused locales (~43 KB gzip). Only English is used: zod
// installs it as the default itself (v4/classic/schemas.js imports the same en.js), so messages are unchanged.
export { default as en } from 'zod/v4/locales/en.js';
