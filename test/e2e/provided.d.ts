// What test/e2e/global-setup.ts hands to the tests through vitest's provide/inject.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    tokens: { admin: string; author: string; runner: string };
  }
}
