// cockpit/brief.md: the week in at most 200 words, every figure taken from bridge.json,
// exceptions.json and data-issues.json (rounded to thousands), names only, never contact details.
import type { BridgeFile, Comparison } from './comparison';
import type { ExceptionsFile, ItemRate } from './exceptions';
import { percent, plainName, signedPct, signedPp, signedThousands, thousands, wordCount } from './format';
import type { DataIssues } from './issues';

export const MAX_WORDS = 200;
/** Data issues are worth a line when they touch more than this share of the week's revenue. */
export const ISSUE_SHARE = 0.01;
const EROSIONS = 3;
const ANOMALIES = 3;

export type AnomalyNote = { period: string; deviation: number; explanation?: { driver?: { dimension: string; member: string } | null } };
export type BriefSources = {
  bridge: BridgeFile;
  exceptions: ExceptionsFile;
  issues: DataIssues | null;
  anomalies: { measure?: string; anomalies: AnomalyNote[] } | null;
  /** A person's class per anomaly period (the classification grid's answers). */
  classified: Record<string, string>;
  currency: string;
  /** Words a model wrote on the drivers and anomalies: a paragraph after the figures, never instead of them. */
  commentary?: string | null;
};

type Layout = { nameLength: number; lastYearBridge: boolean };
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

function compose(s: BriefSources, layout: Layout): string {
  const k = (x: number) => thousands(x, s.currency);
  const sk = (x: number) => signedThousands(x, s.currency);
  const { reporting } = s.bridge.headline;
  const rate = (r: number | null) => (r === null ? 'n/a' : percent(r));
  const lines: string[] = [];

  const vs = (label: string, c: BridgeFile['changes']['vs_prior_week']) =>
    c && ` Vs ${label}: revenue ${c.revenue_pct === null ? sk(c.revenue) : signedPct(c.revenue_pct)}, margin ${sk(c.margin)}, rate ${c.margin_rate_pp === null ? 'n/a' : signedPp(c.margin_rate_pp)}.`;
  lines.push(`Revenue ${k(reporting.revenue)}, margin ${k(reporting.margin)}, margin rate ${rate(reporting.margin_rate)}.${vs('prior week', s.bridge.changes.vs_prior_week) ?? ''}${vs('last year', s.bridge.changes.vs_last_year) ?? ''}`);

  const bridge = (label: string, week: string, b: Comparison | null) => {
    if (!b) return `No bridge vs ${label}: ${week} has no costed sales.`;
    const inMix = [b.new_skus.length > 0 ? `new SKUs ${sk(b.mix_detail.new_sku)}` : '', b.discontinued_skus.length > 0 ? `discontinued ${sk(b.mix_detail.discontinued_sku)}` : ''].filter(Boolean).join(', ');
    return `Bridge vs ${label} (${sk(b.margin_change)}): price ${sk(b.price)}, volume ${sk(b.volume)}, mix ${sk(b.mix)}${inMix ? ` (${inMix})` : ''}, cost ${sk(b.cost)}.`;
  };
  lines.push(bridge('prior week', s.bridge.weeks.prior, s.bridge.bridge.vs_prior_week));
  if (layout.lastYearBridge) lines.push(bridge('last year', s.bridge.weeks.last_year, s.bridge.bridge.vs_last_year));

  const label = (e: ItemRate) => (e.kind === 'sku' ? `${plainName(e.name, layout.nameLength)} (${e.id})`.trim() : `customer ${plainName(e.name, layout.nameLength) || e.id}`);
  // Impact is margin lost against the trailing rate: shown as the (negative) margin it cost.
  const erosions = s.exceptions.erosions.slice(0, EROSIONS).map((e) => `${label(e)}: ${signedPp(e.rate_change_pp)}, ${sk(-e.impact)}, driven by ${e.driver}`);
  lines.push(erosions.length > 0 ? `Largest erosions: ${erosions.join('; ')}.` : `No margin erosion beyond ${s.exceptions.threshold_pp} pp.`);

  const below = s.exceptions.below_cost;
  lines.push(below.lines.length > 0 ? `Sold below cost: ${count(below.lines.length, 'line')}, ${k(below.total_loss)} lost.` : 'Nothing sold below cost.');

  const issues = s.issues?.reporting_week;
  if (issues && issues.any_issue.revenue_share > ISSUE_SHARE) {
    const parts = [
      issues.no_cost.lines > 0 ? `${count(issues.no_cost.lines, 'line')} without cost` : '',
      issues.zero_or_negative_price.lines > 0 ? `${count(issues.zero_or_negative_price.lines, 'line')} at zero or negative price` : '',
      issues.missing_category.lines > 0 ? `${count(issues.missing_category.lines, 'line')} without category` : '',
    ].filter(Boolean);
    lines.push(`Data issues touch ${percent(issues.any_issue.revenue_share)} of revenue: ${parts.join(', ')}.`);
  }

  const anomalies = s.anomalies?.anomalies ?? [];
  if (anomalies.length > 0) {
    const listed = anomalies.slice(0, ANOMALIES).map((a) => {
      const driver = a.explanation?.driver;
      const kind = s.classified[a.period];
      return `${a.period} ${sk(a.deviation)}${driver ? ` (${driver.dimension}=${plainName(driver.member, layout.nameLength)})` : ''}${kind ? `: ${kind}` : ''}`;
    });
    const more = anomalies.length > ANOMALIES ? ` and ${anomalies.length - ANOMALIES} more` : '';
    const open = anomalies.some((a) => !s.classified[a.period]);
    lines.push(`${open ? 'Anomalies to classify' : 'Anomalies'}${s.anomalies?.measure ? ` (${s.anomalies.measure})` : ''}: ${listed.join('; ')}${more}.`);
  }
  return lines.join('\n');
}

/** The brief, in the full layout when it fits in MAX_WORDS, else with shorter names and without the last-year bridge. */
export function composeBrief(s: BriefSources): { text: string; words: number; commentary: string | null } {
  for (const layout of [{ nameLength: 40, lastYearBridge: true }, { nameLength: 16, lastYearBridge: false }]) {
    const text = compose(s, layout);
    const words = wordCount(text);
    if (words > MAX_WORDS) continue;
    // The figures are the same with or without commentary; the commentary gets the words left.
    const note = s.commentary ? cutToWords(plainCommentary(s.commentary), MAX_WORDS - words - 1) : '';
    if (!note) return { text, words, commentary: null };
    const withNote = `${text}\nCommentary: ${note}`;
    return { text: withNote, words: wordCount(withNote), commentary: note };
  }
  throw new Error(`The brief does not fit in ${MAX_WORDS} words even in its shortest form`);
}

/** A commentary as the brief carries it: one paragraph, no headings or markdown, no e-mail, phone number or link. */
export function plainCommentary(text: string): string {
  return plainName(text.replace(/^\s*#+\s*/gm, ''), 4000);
}

/** At most `max` words (as wordCount counts them), marked with "…" when cut. */
function cutToWords(text: string, max: number): string {
  if (max <= 0) return '';
  if (wordCount(text) <= max) return text;
  const kept: string[] = [];
  let words = 0;
  for (const token of text.split(/\s+/)) {
    if (/[\p{L}\p{N}]/u.test(token) && ++words > max) break;
    kept.push(token);
  }
  return `${kept.join(' ').replace(/[\s,;:.]+$/, '')}…`;
}
