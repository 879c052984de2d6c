import { describe, expect, it } from 'vitest';
import { tableDiff, writePreview } from './write-preview';

const CURRENT = 'id,name,amount\n1,Ann,10\n2,Bob,20\n3,Cara,30\n';

describe('a table write against the table as it is', () => {
  it('an incremental load: rows added, changed (by column) and left as they are; none removed', () => {
    expect(tableDiff(CURRENT, 'id,name,amount\n2,Bob,25\n3,Cara,30\n4,Dan,40\n', ['id'], true)).toEqual({
      compared_by: ['id'], added: 1, changed: 1, unchanged: 1, removed: 0, changed_columns: { amount: 1 },
    });
  });

  it('a full load also says which rows it drops', () => {
    expect(tableDiff(CURRENT, 'id,name,amount\n1,Anna,10\n', ['id'], false)).toEqual({
      compared_by: ['id'], added: 0, changed: 1, unchanged: 0, removed: 2, changed_columns: { name: 1 },
    });
  });

  it('matches on a composite key, and a new column changes nothing it does not have', () => {
    const current = 'week,sku,qty\nW1,A,1\nW1,B,2\n';
    expect(tableDiff(current, 'week,sku,qty,note\nW1,A,1,x\nW2,A,5,y\n', ['week', 'sku'], true)).toMatchObject({ added: 1, changed: 0, unchanged: 1, removed: 0 });
  });

  it('the preview flags personal data and masks it in the sample', () => {
    expect(writePreview('id,email,segment\n1,ann@example.com,smb\n')).toEqual({
      pii_columns: [{ column: 'email', kind: 'email', by: 'values' }],
      sample: [{ id: '1', email: 'a***@example.com', segment: 'smb' }],
    });
  });
});
