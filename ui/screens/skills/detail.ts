// One skill: the SKILL.md rendered (sanitised), the tables the API parsed from it, and its
// source; beside it the frontmatter and the tree of references and scripts.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { SkillDetail as Skill } from '../../api/types';
import { Link } from '../../lib/router';
import { ago, dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { CodeBlock } from '../../components/code-block';
import { Markdown } from '../../components/markdown';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { Section } from '../../components/section';
import { TabPanel, Tabs } from '../../components/tabs';
import { SkillTables } from './skill-tables';
import { SkillTree } from './skill-tree';
import { SourcePill, plural } from './source-pill';

const TABS = [
  { id: 'preview', label: 'SKILL.md preview' },
  { id: 'tables', label: 'parsed tables' },
  { id: 'source', label: 'source' },
];

/** The frontmatter as written, for the source tab (the API returns it parsed). */
function sourceOf(skill: Skill): string {
  const lines = Object.entries(skill.frontmatter).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return `---\n${lines.join('\n')}\n---\n${skill.body}`;
}

function Frontmatter(props: { skill: Skill }) {
  const s = props.skill;
  const rows = Object.entries(s.frontmatter).filter(([k]) => k !== 'description' && k !== 'name');
  return html`<dl class="facts" aria-label="Frontmatter">
    <div><dt>name</dt><dd><code>${s.frontmatter.name}</code></dd></div>
    ${rows.map(([k, v]) => html`<div><dt>${k}</dt><dd>${typeof v === 'string' ? v : JSON.stringify(v)}</dd></div>`)}
    ${s.uploaded_by && html`<div><dt>uploaded by</dt><dd>${s.uploaded_by}</dd></div>`}
    ${s.updated_at && html`<div><dt>updated</dt><dd><time datetime=${s.updated_at} title=${dateTime(s.updated_at)}>${ago(s.updated_at)}</time></dd></div>`}
  </dl>`;
}

export function SkillDetail(props: { id: string }) {
  const skill = useAsync(() => api.skill(props.id), [props.id]);
  const [tab, setTab] = useState('preview');
  const s = skill.data;
  if (skill.error) return html`<${ErrorNotice} error=${skill.error} title="Could not load the skill" />`;
  if (!s) return html`<${Loading} what="skill" />`;
  return html`
    <${PageHeader} title=${s.name} eyebrow=${html`<${Link} href="/skills">skills<//> / ${s.id}`}
      meta=${html`<${SourcePill} source=${s.source} /><span>${plural(s.reference_count, 'reference')} · ${plural(s.script_count, 'script')}</span>`} />
    <p class="lede">${s.description}</p>
    <div class="detail">
      <div class="detail-main">
        <${Tabs} tabs=${TABS} selected=${tab} onSelect=${setTab} label="Skill" />
        <${TabPanel} id=${tab}>
          ${tab === 'preview' && html`<${Markdown} source=${s.body} class="skill-preview card" label="SKILL.md preview" />`}
          ${tab === 'tables' && html`<${SkillTables} tables=${s.tables} />`}
          ${tab === 'source' && html`<${CodeBlock} text=${sourceOf(s)} label="SKILL.md source" />`}
        <//>
      </div>
      <aside class="detail-side" aria-label="Skill files">
        <${Section} label="frontmatter"><${Frontmatter} skill=${s} /><//>
        <${Section} label="references & scripts"><${SkillTree} skill=${s} /><//>
      </aside>
    </div>
  `;
}
