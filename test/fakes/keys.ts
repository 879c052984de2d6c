// The only keys the fake providers accept; vitest.config.ts binds them into the Worker under test.
export const FAKE_ANTHROPIC_KEY = 'sk-ant-fake-test-key';
export const FAKE_OPENAI_KEY = 'sk-fake-test-openai-key';
