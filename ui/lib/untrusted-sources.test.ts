import { describe, expect, it } from 'vitest';
import { describeSource, readableReason, shortId, sourceCount, sourcesSummary, sourcesText } from './untrusted-sources';

describe('describeSource', () => {
  it('names the tool that read the data, with its call shortened', () => {
    expect(describeSource('tool:sql.local:call_abcdefghijklmno')).toBe('rows read by sql.local (call_abcdef…)');
    expect(describeSource('tool:keboola.storage.tables:call_q2w3e4r5t6y7u7i')).toBe('rows read by keboola.storage.tables (call_q2w3e4…)');
    expect(describeSource('tool:skill.entity-resolution.profile:call_abcdefghijklmno')).toBe('output of skill.entity-resolution.profile (call_abcdef…)');
  });

  it('names inputs by what sent them', () => {
    expect(describeSource('input:payload (http_webhook)')).toBe('webhook input payload');
    expect(describeSource('input:table (keboola.table_updated)')).toBe('Keboola table event input table');
    expect(describeSource('input:body (slack.message)')).toBe('slack.message input body');
  });

  it('names child runs, uploads and workspace files', () => {
    expect(describeSource('child:run_x')).toBe('child run run_x');
    expect(describeSource('upload:uploads/a.csv (by carl)')).toBe('file uploads/a.csv uploaded by carl');
    expect(describeSource('upload:uploads/a (copy).csv (by carl)')).toBe('file uploads/a (copy).csv uploaded by carl');
    expect(describeSource('file:er/golden.csv')).toBe('workspace file er/golden.csv');
  });

  it('reads the overflow label, and leaves a label it does not know as it is', () => {
    expect(describeSource('+3 more sources')).toBe('3 more sources');
    expect(describeSource('+1 more source')).toBe('1 more source');
    expect(describeSource('tool:nocall')).toBe('tool:nocall');
    expect(describeSource('something new')).toBe('something new');
  });
});

describe('sources in sum', () => {
  it('counts the sources folded into "+N more sources"', () => {
    expect(sourceCount([])).toBe(0);
    expect(sourceCount(['child:run_x', 'input:payload (http_webhook)'])).toBe(2);
    expect(sourceCount(['child:run_x', '+4 more sources'])).toBe(5);
  });

  it('joins them for a title', () => {
    expect(sourcesText(['child:run_x', 'input:payload (http_webhook)'])).toBe('child run run_x; webhook input payload');
  });

  it('summarises a long list in a few words and a count, the folded ones included', () => {
    const labels = ['child:run_a', 'child:run_b', 'child:run_c', '+9 more sources'];
    expect(sourcesSummary(labels, 2)).toEqual({ text: 'child run run_a; child run run_b and 10 more', complete: false });
    expect(sourcesSummary(labels, 4)).toEqual({ text: 'child run run_a; child run run_b; child run run_c and 9 more', complete: false });
    expect(sourcesSummary(['child:run_a'], 2)).toEqual({ text: 'child run run_a', complete: true });
  });

  it('makes the calls of one tool one entry', () => {
    const labels = ['input:payload (http_webhook)', 'tool:keboola.storage.tables:call_aaaaaaaaaaaaaaa', 'tool:keboola.storage.tables:call_bbbbbbbbbbbbbbb', 'tool:sql.local:call_ccccccccccccccc'];
    expect(sourcesSummary(labels, 3)).toEqual({ text: 'webhook input payload; rows read by keboola.storage.tables (2 calls); rows read by sql.local (call_cccccc…)', complete: false });
    expect(sourcesSummary(labels, 1)).toEqual({ text: 'webhook input payload and 3 more', complete: false });
  });

  it('puts the labels a reason names in words', () => {
    const labels = ['tool:keboola.storage.tables:call_abcdefghijklmno', 'input:payload (http_webhook)'];
    const reason = `policy for destructive is dry_run_then_approve (a full load replaces every row of out.c-x.y if it exists); its arguments derive from untrusted content (${labels.join(', ')}), so it needs its own approval`;
    expect(readableReason(reason, labels)).toBe(
      'policy for destructive is dry_run_then_approve (a full load replaces every row of out.c-x.y if it exists); its arguments derive from untrusted content (rows read by keboola.storage.tables (call_abcdef…), webhook input payload), so it needs its own approval',
    );
  });

  it('keeps short ids whole', () => {
    expect(shortId('call_abc')).toBe('call_abc');
    expect(shortId('abcdefghij')).toBe('abcdef…');
  });
});
