import { describe, expect, it } from 'vitest';
import { parseInline, parseMrkdwn } from './mrkdwn';

describe('Slack mrkdwn as Slack shows it', () => {
  it('styles, code, links and mentions', () => {
    expect(parseInline('*Margin* is _down_ ~2%~ see `cockpit.xlsx`')).toEqual([
      { kind: 'bold', children: [{ kind: 'text', text: 'Margin' }] },
      { kind: 'text', text: ' is ' },
      { kind: 'italic', children: [{ kind: 'text', text: 'down' }] },
      { kind: 'text', text: ' ' },
      { kind: 'strike', children: [{ kind: 'text', text: '2%' }] },
      { kind: 'text', text: ' see ' },
      { kind: 'code', text: 'cockpit.xlsx' },
    ]);
    expect(parseInline('<https://x.test/run?a=1&amp;b=2|the run> for <@U123|dana> in <#C9|ar> <!here>')).toEqual([
      { kind: 'link', href: 'https://x.test/run?a=1&b=2', text: 'the run' },
      { kind: 'text', text: ' for ' },
      { kind: 'mention', text: '@dana' },
      { kind: 'text', text: ' in ' },
      { kind: 'mention', text: '#ar' },
      { kind: 'text', text: ' ' },
      { kind: 'mention', text: '@here' },
    ]);
  });

  it('markers inside words, unsafe links and escapes stay text', () => {
    expect(parseInline('a*b*c snake_case_name 2*3*4')).toEqual([{ kind: 'text', text: 'a*b*c snake_case_name 2*3*4' }]);
    expect(parseInline('<javascript:alert(1)|click>')).toEqual([{ kind: 'text', text: '<javascript:alert(1)|click>' }]);
    expect(parseInline('&lt;script&gt; &amp; more')).toEqual([{ kind: 'text', text: '<script> & more' }]);
    expect(parseInline('<b>not html</b>')).toEqual([{ kind: 'text', text: '<b>not html</b>' }]);
  });

  it('nested styles and a link inside bold', () => {
    expect(parseInline('*see <https://a.test|this>*')).toEqual([
      { kind: 'bold', children: [{ kind: 'text', text: 'see ' }, { kind: 'link', href: 'https://a.test', text: 'this' }] },
    ]);
  });

  it('lines, quotes and code blocks', () => {
    expect(parseMrkdwn('Margin cockpit 2026-W40\n\n> quoted line\n> second\n```\nSELECT 1\n```\nafter')).toEqual([
      { kind: 'paragraph', lines: [[{ kind: 'text', text: 'Margin cockpit 2026-W40' }], []] },
      { kind: 'quote', lines: [[{ kind: 'text', text: 'quoted line' }], [{ kind: 'text', text: 'second' }]] },
      { kind: 'pre', text: 'SELECT 1' },
      { kind: 'paragraph', lines: [[{ kind: 'text', text: 'after' }]] },
    ]);
    // An unclosed fence is shown as typed.
    expect(parseMrkdwn('a ```b')).toEqual([{ kind: 'paragraph', lines: [[{ kind: 'text', text: 'a ```b' }]] }]);
  });
});
