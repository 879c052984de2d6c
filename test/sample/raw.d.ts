// Vite's `?raw` imports: a repo file as a string, for tests that read sample/ground-truth (not bundled).
declare module '*?raw' {
  const text: string;
  export default text;
}
