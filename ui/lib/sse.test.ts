import { describe, expect, test } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  test('frames with id and JSON data, split anywhere', () => {
    const text = 'retry: 2000\n\nid: 1\ndata: {"seq":1}\n\nid: 2\ndata: {"seq":2}\n\n: keep-alive\n\nevent: end\ndata: {}\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const messages = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(messages).toEqual([
        { event: 'message', data: '', retry: 2000 },
        { event: 'message', data: '{"seq":1}', id: '1' },
        { event: 'message', data: '{"seq":2}', id: '2' },
        { event: 'end', data: '{}' },
      ]);
    }
  });

  test('CRLF and CR line ends, multi-line data, a field without a space', () => {
    const parser = new SseParser();
    expect(parser.push('data:a\r\ndata: b\r\rid: 7\r')).toEqual([{ event: 'message', data: 'a\nb' }]);
    expect(parser.push('\ndata: c\n\n')).toEqual([{ event: 'message', data: 'c', id: '7' }]);
  });

  test('an incomplete frame waits for its blank line', () => {
    const parser = new SseParser();
    expect(parser.push('id: 3\ndata: {"seq":3}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ event: 'message', data: '{"seq":3}', id: '3' }]);
  });
});
