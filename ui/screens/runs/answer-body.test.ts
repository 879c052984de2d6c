import { describe, expect, it } from 'vitest';
import { answerBody, missingComment, takesComment, type AnswerState } from './answer-body';

const empty: AnswerState = { choice: '', picked: [], text: '', grid: {}, comment: '' };

describe('answer bodies', () => {
  it('sends the answer of the question kind, and no comment when none was written', () => {
    expect(answerBody({ id: 'q1', kind: 'radio' }, { ...empty, choice: 'loose', comment: '   ' })).toEqual({ question_id: 'q1', answer: 'loose' });
    expect(answerBody({ id: 'q2', kind: 'multi' }, { ...empty, picked: ['email_exact', 'phone_name'] })).toEqual({ question_id: 'q2', answer: ['email_exact', 'phone_name'] });
    expect(answerBody({ id: 'q3', kind: 'text' }, { ...empty, text: 'stale phones' })).toEqual({ question_id: 'q3', answer: 'stale phones' });
  });

  it('adds the trimmed comment to radio, multi and text answers', () => {
    expect(answerBody({ id: 'q2', kind: 'multi' }, { ...empty, picked: ['custom_thresholds'], comment: ' name_company=0.95\n' })).toEqual({
      question_id: 'q2',
      answer: ['custom_thresholds'],
      comment: 'name_company=0.95',
    });
    expect(answerBody({ id: 'q1', kind: 'radio' }, { ...empty, choice: 'strict', comment: 'why: audit' }).comment).toBe('why: audit');
    expect(answerBody({ id: 'q1', kind: 'radio' }, { ...empty, choice: 'strict', comment: 'x'.repeat(2100) }).comment).toHaveLength(2000);
  });

  it('grid answers keep their per-row comments and get no question comment', () => {
    const rows = [{ value: 'P-1', label: 'P-1' }];
    expect(answerBody({ id: 'g', kind: 'grid', rows }, { ...empty, grid: { 'P-1': { choice: 'trend', comment: 'steady' } }, comment: 'ignored' })).toEqual({
      question_id: 'g',
      answer: [{ row: 'P-1', choice: 'trend', comment: 'steady' }],
    });
    expect(['radio', 'multi', 'text', 'grid', 'file'].filter((k) => takesComment(k as never))).toEqual(['radio', 'multi', 'text']);
  });

  it('names the chosen option that needs a comment until one is written', () => {
    const q = { kind: 'multi' as const, options: [{ value: 'email', label: 'Same e-mail' }, { value: 'custom_thresholds', label: 'Custom thresholds', requires_comment: true }] };
    expect(missingComment(q, { ...empty, picked: ['email'] })).toBeUndefined();
    expect(missingComment(q, { ...empty, picked: ['email', 'custom_thresholds'] })?.label).toBe('Custom thresholds');
    expect(missingComment(q, { ...empty, picked: ['custom_thresholds'], comment: 'name_company=0.95' })).toBeUndefined();
    expect(missingComment({ ...q, kind: 'radio' }, { ...empty, choice: 'custom_thresholds', comment: '  ' })?.value).toBe('custom_thresholds');
  });
});
