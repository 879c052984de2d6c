import { describe, expect, it } from 'vitest';
import { createTestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { toolRegistry } from '../../src/tools/registry';
import { riskRank } from '../../src/domain/risk';

describe('kbagent.tool_broker.discover', () => {
  it('lists the live registry through the Broker: filtered by prefix, risk ceiling and words, with each tool\'s risk and effects', async () => {
    const author = await createTestUser('author');
    const tool = 'kbagent.tool_broker.discover';
    const playbookId = await createPlaybook(author, playbookWith([
      scriptedStep('look', [
        { id: 'reads', tool, args: { prefix: 'keboola.', risk_max: 'read' } },
        { id: 'slack', tool, args: { query: 'message', prefix: 'slack.' } },
        { id: 'all', tool, args: { limit: 3 } },
        { id: 'none', tool, args: { query: 'no such capability anywhere' } },
      ]),
    ]));
    const run = await drive(await startRun(author, playbookId), author);
    expect(run.status).toBe('done');
    const out = run.steps[0].outputs;
    const registry = toolRegistry();
    // Every keboola tool of risk read or lower, and nothing else (the write is left out).
    const expected = [...registry.values()].map((t) => t.manifest).filter((m) => m.id.startsWith('keboola.') && riskRank(m.risk) <= riskRank('read')).map((m) => m.id).sort();
    expect(out.reads.tools.map((t: any) => t.id)).toEqual(expected);
    expect(expected).toContain('keboola.storage.tables');
    expect(out.reads.tools.map((t: any) => t.id)).not.toContain('keboola.storage.write');
    expect(out.slack.tools).toEqual([expect.objectContaining({ id: 'slack.send_message', risk: 'external_send', side_effects: true })]);
    expect(out.all).toMatchObject({ count: registry.size, truncated: true });
    expect(out.all.tools).toHaveLength(3);
    expect(out.none).toEqual({ tools: [], count: 0, truncated: false });
    // It lists itself too: it is in the registry it reads.
    expect(registry.get(tool)!.manifest).toMatchObject({ risk: 'read', side_effects: false, output_trust: 'trusted' });
  });
});
