import { describe, expect, it } from 'vitest';
import { z } from '@hono/zod-openapi';
import * as profile from '../../skills/data-quality-profiling/scripts/profile';
import { SkillScriptError, scriptTool } from '../../src/skills/script';
import { memoryScriptContext } from './script-context';
import { toolRegistry } from '../../src/tools/registry';

const CSV = [
  'id,email,phone,signed_up,plan,notes',
  '1,ann@example.com,+420 601 123 456,2024-03-01,pro,',
  '2,bob@example.com,(555) 123-4567,2024-03-02,pro,  ',
  '3,ann@example.com,555.123.4567,01.04.2024,free,called twice',
  '4,,+1 555 123 4567,2024-03-04,pro,',
  '5,not-an-email,n/a,yesterday,pro,',
].join('\n');

describe('skill.data-quality-profiling.profile', () => {
  it('profiles every column: type guess, null rate, distinct count, top values, patterns, PII masked', async () => {
    const result = await profile.run(profile.args.parse({ artifact: 'contacts.csv' }), memoryScriptContext({ 'contacts.csv': CSV }));
    expect(result.rows).toBe(5);
    // signed_up holds "yesterday", so it is read as text, and five distinct texts could be a key.
    expect(result.candidate_keys).toEqual(['id', 'phone', 'signed_up']);
    expect(result.pii_columns).toEqual(expect.arrayContaining(['email', 'phone']));
    const col = Object.fromEntries(result.columns.map((c) => [c.name, c]));

    expect(col.id).toMatchObject({ type_guess: 'integer', null_rate: 0, distinct_count: 5, pii: false });
    expect(col.email).toMatchObject({ null_count: 1, null_rate: 0.2, distinct_count: 3, pii: true, masked: true, patterns: { email: 0.75, phone: 0, date: 0 } });
    // Raw addresses never leave the script when mask_pii is on (the default).
    expect(col.email!.top_values).toEqual([{ value: 'an***', count: 2 }, { value: 'bo***', count: 1 }, { value: 'no***', count: 1 }]);
    expect(JSON.stringify(result)).not.toContain('ann@example.com');
    expect(col.phone).toMatchObject({ patterns: { phone: 0.8 }, pii: true, type_guess: 'string' });
    expect(col.signed_up).toMatchObject({ patterns: { date: 0.8 }, type_guess: 'string' });
    expect(col.plan).toMatchObject({ type_guess: 'string', distinct_count: 2, top_values: [{ value: 'pro', count: 4 }, { value: 'free', count: 1 }], pii: false });
    // Whitespace-only cells are missing values.
    expect(col.notes).toMatchObject({ null_count: 4, null_rate: 0.8, distinct_count: 1, min_length: 12, max_length: 12 });
  });

  it('guesses dates, timestamps, numbers and booleans, and reports an empty column', async () => {
    const csv = 'd,t,n,b,e\n2024-01-31,2024-01-31T10:00:00Z,1.5,true,\n2024-02-01,2024-02-01 11:30,-2,no,\n';
    const result = await profile.run(profile.args.parse({ artifact: 'x.csv' }), memoryScriptContext({ 'x.csv': csv }));
    expect(result.columns.map((c) => c.type_guess)).toEqual(['date', 'timestamp', 'number', 'boolean', 'empty']);
    expect(result.columns[4]).toMatchObject({ null_rate: 1, min_length: null, top_values: [] });
  });

  it('keeps raw values when asked, limits columns and top values', async () => {
    const result = await profile.run(profile.args.parse({ artifact: 'c.csv', columns: ['email'], top: 1, mask_pii: false }), memoryScriptContext({ 'c.csv': CSV }));
    expect(result.columns).toHaveLength(1);
    expect(result.columns[0]!.top_values).toEqual([{ value: 'ann@example.com', count: 2 }]);
    expect(result.columns[0]!.masked).toBe(false);
  });

  it('top values: the most frequent first, ties by value, as a full sort orders them', async () => {
    // Seeded values with many ties, in an order unlike the answer.
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const values = Array.from({ length: 2_000 }, () => `v${Math.floor(random() * random() * 300)}`);
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, count]) => ({ value, count }));
    for (const top of [1, 5, 20]) {
      const result = await profile.run(profile.args.parse({ artifact: 'v.csv', top }), memoryScriptContext({ 'v.csv': ['code', ...values].join('\n') }));
      expect(result.columns[0]!.top_values).toEqual(sorted.slice(0, top));
    }
  });

  it('fails on a file with no rows, or only blank ones, naming its columns (issue 13: nothing passes as profiled)', async () => {
    const run = (csv: string) => profile.run(profile.args.parse({ artifact: 'exports/in.c-crm.people.csv' }), memoryScriptContext({ 'exports/in.c-crm.people.csv': csv }));
    await expect(run('"id","name","email"\n')).rejects.toThrow('"exports/in.c-crm.people.csv" has no rows, only its header (id, name, email): there is nothing to profile');
    await expect(run('id,name,email')).rejects.toThrow('has no rows, only its header (id, name, email)');
    await expect(run('"id","name","email"\n"","",""\n,,\n\n')).rejects.toThrow('"exports/in.c-crm.people.csv" has no rows with a value (2 blank), only its header (id, name, email)');
    // One row with a value is a profile.
    expect((await run('id,name,email\n,,\n1,,\n')).rows).toBe(1);
  });

  it('names unknown columns and missing files', async () => {
    await expect(profile.run(profile.args.parse({ artifact: 'c.csv', columns: ['nope'] }), memoryScriptContext({ 'c.csv': CSV }))).rejects.toThrow(/no column\(s\) nope; it has id, email/);
    await expect(profile.run(profile.args.parse({ artifact: 'missing.csv' }), memoryScriptContext({}))).rejects.toThrow(/missing.csv/);
  });
});

describe('skill scripts as Broker tools', () => {
  it('the built-in script is registered as skill.<skill>.<script> with its declared risk and schema', () => {
    const tool = toolRegistry().get('skill.data-quality-profiling.profile')!;
    expect(tool.manifest).toMatchObject({ risk: 'compute', side_effects: false, output_trust: 'trusted', provider: 'skill.data-quality-profiling' });
    expect(tool.manifest.input_schema).toMatchObject({ properties: { artifact: { type: 'string' } }, required: ['artifact'] });
    expect(toolRegistry().get('skill.load_reference')!.manifest).toMatchObject({ risk: 'read', output_trust: 'trusted' });
    expect(toolRegistry().get('skill.save_context')!.manifest).toMatchObject({ risk: 'write', output_trust: 'trusted' });
  });

  it('a script declares its risk (default compute); a write script is a side-effecting write tool', () => {
    const base = { description: 'Test script', args: z.strictObject({ n: z.number() }), run: async () => ({ ok: true }) };
    expect(scriptTool('test-skill', 'count', base).manifest).toMatchObject({ id: 'skill.test-skill.count', risk: 'compute', side_effects: false });
    expect(scriptTool('test-skill', 'publish', { ...base, risk: 'write' }).manifest).toMatchObject({ id: 'skill.test-skill.publish', risk: 'write', side_effects: true });
  });

  it('a script that breaks the contract is refused with its file named', () => {
    const base = { description: 'Test script', args: z.strictObject({}), run: async () => null };
    expect(() => scriptTool('test-skill', 'x', { ...base, risk: 'dangerous' as never })).toThrow(SkillScriptError);
    expect(() => scriptTool('test-skill', 'x', { ...base, risk: 'dangerous' as never })).toThrow(/skills\/test-skill\/scripts\/x.ts: risk "dangerous"/);
    expect(() => scriptTool('test-skill', 'Bad Name', base)).toThrow(/not a valid tool id/);
    expect(() => scriptTool('test-skill', 'x', { ...base, description: '' })).toThrow(/no description/);
  });
});
