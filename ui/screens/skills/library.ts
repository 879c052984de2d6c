// Skills (ui.md screen 8): built-in and uploaded skills as cards; authors and admins can upload one.
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { SkillSummary, User } from '../../api/types';
import { Link } from '../../lib/router';
import { canAuthor } from '../../lib/roles';
import { ago } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { Section } from '../../components/section';
import { SourcePill, plural } from './source-pill';

function SkillCard(props: { skill: SkillSummary }) {
  const s = props.skill;
  return html`<li class="card card-link-wrap">
    <div class="card-top"><span class="id-chip">${s.id}</span><${SourcePill} source=${s.source} /></div>
    <h3 class="card-title"><${Link} href=${`/skills/${s.id}`} class="card-link">${s.name}<//></h3>
    <p class="card-desc">${s.description}</p>
    <p class="muted small">
      ${plural(s.reference_count, 'reference')} · ${plural(s.script_count, 'script')}
      ${s.uploaded_by && ` · by ${s.uploaded_by}`}${s.updated_at && ` · ${ago(s.updated_at)}`}
    </p>
  </li>`;
}

function Group(props: { label: string; skills: SkillSummary[]; empty: string }) {
  return html`<${Section} label=${`${props.label} · ${props.skills.length}`}>
    ${props.skills.length > 0
      ? html`<ul class="grid" aria-label=${props.label}>${props.skills.map((s) => html`<${SkillCard} key=${s.id} skill=${s} />`)}</ul>`
      : html`<p class="muted small">${props.empty}</p>`}
  <//>`;
}

export function SkillsLibrary(props: { user: User }) {
  const skills = useAsync(() => api.skills(), []);
  const list = skills.data;
  const upload = canAuthor(props.user) ? html`<${Link} href="/skills/new" class="btn">+ upload skill<//>` : null;
  return html`
    <${PageHeader} title="Skills" eyebrow="resources" actions=${upload}
      meta="Know-how a Playbook step can select: a SKILL.md, reference documents loaded on demand, and scripts that run as tools." />
    ${skills.error && html`<${ErrorNotice} error=${skills.error} title="Could not load skills" />`}
    ${!list && !skills.error && html`<${Loading} what="skills" />`}
    ${list && list.length === 0 && html`<${EmptyState} title="No skills yet" actions=${upload}>Built-in skills ship with the deployment; authors can upload their own.<//>`}
    ${list && list.length > 0 && html`
      <${Group} label="built-in" skills=${list.filter((s) => s.source === 'builtin')} empty="None." />
      <${Group} label="uploaded by users" skills=${list.filter((s) => s.source === 'user')}
        empty=${canAuthor(props.user) ? 'None yet: “+ upload skill” adds a SKILL.md with its references.' : 'None yet.'} />`}
  `;
}
