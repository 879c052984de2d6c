// Types for `cloudflare:test` (env) and `cloudflare:workers` (exports) in tests.
type StudioBindings = import('../src/env').Env;
type StudioMainModule = typeof import('../src/index');
declare namespace Cloudflare {
  interface Env extends StudioBindings {}
  interface GlobalProps {
    mainModule: StudioMainModule;
    durableNamespaces: 'TenantObject' | 'PlaybookRun' | 'RunWorkspace';
  }
}
