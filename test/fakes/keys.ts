// The only keys the fake providers accept; vitest.config.ts binds them into the Worker under test.
export const FAKE_ANTHROPIC_KEY = 'sk-ant-fake-test-key';
export const FAKE_OPENAI_KEY = 'sk-fake-test-openai-key';
// The one bot token the fake Slack accepts (test/fakes/slack.ts); any other gets invalid_auth.
export const FAKE_SLACK_BOT_TOKEN = 'xoxb-fake-test-bot-token';
/** Channels the fake Slack treats as absent (channel_not_found) or as not joined by the bot (not_in_channel). */
export const SLACK_MISSING_CHANNEL_PREFIX = 'no-such-';
export const SLACK_NOT_INVITED_PREFIX = 'not-invited-';
