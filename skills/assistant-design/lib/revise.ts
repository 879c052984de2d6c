// The requester's "revise" answer without a model: one change per line, applied to the draft
// document. A line that is not understood is refused with the forms that are.
export const CHANGE_FORMS = ['name: <text>', 'budget: <USD>', 'schedule: <cron expression>', 'timezone: <Area/City>', 'channel: #<channel>', 'remove step <id>', 'no schedule'];

type Doc = Record<string, any>;

export function applyChanges(doc: Doc, changes: string): { doc: Doc; applied: string[] } {
  const next = structuredClone(doc);
  const applied: string[] = [];
  const lines = changes.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) throw new Error(`"Revise" was chosen without changes; write them one per line: ${CHANGE_FORMS.join(', ')}`);
  const crons = () => (next.triggers ?? []).filter((t: Doc) => t.type === 'cron');
  for (const line of lines) {
    const m = /^(name|budget|schedule|timezone|channel)\s*:\s*(.+)$/i.exec(line);
    const remove = /^remove step\s+(\S+)$/i.exec(line);
    if (m) {
      const [, field, raw] = m as unknown as [string, string, string];
      const value = raw.trim();
      switch (field.toLowerCase()) {
        case 'name': next.name = value; break;
        case 'budget': {
          const usd = Number(value.replace(/^\$/, ''));
          if (!Number.isFinite(usd) || usd <= 0) throw new Error(`cannot apply "${line}": the budget must be a positive number of USD`);
          next.budget = { ...next.budget, max_usd_per_run: usd };
          break;
        }
        case 'schedule': {
          const rest = (next.triggers ?? []).filter((t: Doc) => t.type !== 'cron');
          next.triggers = [...rest, { type: 'cron', id: 'schedule', expression: value, timezone: crons()[0]?.timezone ?? 'UTC' }];
          break;
        }
        case 'timezone':
          if (crons().length === 0) throw new Error(`cannot apply "${line}": the draft has no schedule; add one with "schedule: <cron expression>" first`);
          for (const t of crons()) t.timezone = value;
          break;
        case 'channel': {
          const input = (next.inputs ?? []).find((i: Doc) => i.name === 'slack_channel');
          if (!input) throw new Error(`cannot apply "${line}": the draft posts to no Slack channel`);
          input.default = value;
          break;
        }
      }
    } else if (remove) {
      const steps = next.sop.steps as Doc[];
      if (!steps.some((s) => s.id === remove[1])) throw new Error(`cannot apply "${line}": the draft's steps are ${steps.map((s) => s.id).join(', ')}`);
      next.sop.steps = steps.filter((s) => s.id !== remove[1]);
    } else if (/^no schedule$/i.test(line)) {
      next.triggers = (next.triggers ?? []).filter((t: Doc) => t.type !== 'cron');
    } else {
      throw new Error(`cannot apply "${line}": write one change per line as ${CHANGE_FORMS.join(', ')}`);
    }
    applied.push(line);
  }
  return { doc: next, applied };
}
