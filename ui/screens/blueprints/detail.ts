// Blueprint detail: problem, what it does, expected impact, systems and the template's steps.
// "use this blueprint" asks for a name (fork-dialog.ts), forks it into a Playbook you own and opens it.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { BlueprintDetail as Blueprint, User } from '../../api/types';
import { CATEGORY_LABELS } from '../../lib/format';
import { Link } from '../../lib/router';
import { canAuthor } from '../../lib/roles';
import { useAsync } from '../../lib/use-async';
import { ChipList } from '../../components/chips';
import { FlowedText } from '../../components/flowed-text';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { Pill } from '../../components/pill';
import { Section } from '../../components/section';
import { Readiness } from './catalogue';
import { ForkDialog } from './fork-dialog';

function UseBlueprint(props: { blueprint: Blueprint }) {
  const [open, setOpen] = useState(false);
  return html`<button type="button" class="btn btn-green" onClick=${() => setOpen(true)}>+ use this blueprint</button>
    ${open && html`<${ForkDialog} blueprint=${props.blueprint} onClose=${() => setOpen(false)} />`}`;
}

function Prose(props: { label: string; text: string }) {
  return html`<${Section} label=${props.label}><${FlowedText} class="prose" text=${props.text} /><//>`;
}

export function BlueprintDetail(props: { id: string; user: User }) {
  const blueprint = useAsync(() => api.blueprint(props.id), [props.id]);
  const b = blueprint.data;
  if (blueprint.error) return html`<${ErrorNotice} error=${blueprint.error} title="Could not load the blueprint" />`;
  if (!b) return html`<${Loading} what="blueprint" />`;
  const steps = b.playbook_template.sop.steps;
  return html`
    <${PageHeader}
      title=${b.name}
      eyebrow=${html`<${Link} href="/blueprints">blueprints<//> / <code>${b.id}</code>`}
      meta=${html`<${Pill} tone="green">${CATEGORY_LABELS[b.category]}<//><span>${b.summary}</span>`}
      actions=${!b.readiness.available
        ? html`<${Readiness} readiness=${b.readiness} />`
        : canAuthor(props.user)
          ? html`<${UseBlueprint} blueprint=${b} />`
          : html`<span class="muted small">Authors and admins can fork blueprints.</span>`}
    />
    ${!b.readiness.available &&
    html`<p class="notice notice-amber" role="note" aria-label="Not available yet">
      <span>This blueprint is not available yet: it names ${[...b.readiness.missing_tools, ...b.readiness.missing_skills].map((m, i) => html`${i > 0 ? ', ' : ''}<code>${m}</code>`)}, which this installation does not have. It cannot be forked until they exist.</span>
    </p>`}
    <div class="detail">
      <div class="detail-main">
        <${Prose} label="problem" text=${b.problem} />
        <${Prose} label="what it does" text=${b.what_it_does} />
        <${Prose} label="expected impact" text=${b.expected_impact} />
        <${Section} label=${`steps · ${steps.length}`} id="section-blueprint-steps">
          <ol class="steps compact">
            ${steps.map(
              (s, i) => html`<li class="step">
                <div class="step-number" aria-hidden="true">${String(i + 1).padStart(2, '0')}</div>
                <div class="step-body"><h3 class="step-title">${s.title}</h3><${FlowedText} class="step-instruction muted" text=${s.instruction} /></div>
              </li>`,
            )}
          </ol>
        <//>
      </div>
      <aside class="detail-side" aria-label="Blueprint details">
        <${Section} label="systems"><${ChipList} items=${b.systems} label="systems" /><//>
        <${Section} label="connections"><${ChipList} items=${b.connections} empty="none" label="connections" /><//>
        <${Section} label="skills"><${ChipList} items=${b.skills} empty="none" label="skills" /><//>
        <${Section} label="plugins"><${ChipList} items=${b.plugins} empty="none" label="plugins" /><//>
        ${b.tags.length > 0 && html`<${Section} label="tags"><${ChipList} items=${b.tags} label="tags" /><//>`}
      </aside>
    </div>
  `;
}
