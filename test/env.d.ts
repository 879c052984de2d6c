// Types for `cloudflare:test` (env) and `cloudflare:workers` (exports) in tests.
type StudioBindings = import('../src/env').Env;
type StudioMainModule = typeof import('../src/index');
declare namespace Cloudflare {
  interface Env extends StudioBindings {
    /** Base URL of the network-edge fakes (test/fakes/), bound by vitest.config.ts. */
    FAKES_URL: string;
  }
  interface GlobalProps {
    mainModule: StudioMainModule;
    durableNamespaces: 'TenantObject' | 'PlaybookRun' | 'RunWorkspace';
  }
}
