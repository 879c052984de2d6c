// The files behind a skill: SKILL.md, references (loaded only through skill.load_reference) and
// scripts (each a Broker tool skill.<skill>.<script> with its declared risk).
import { html } from '../../html';
import type { SkillDetail } from '../../api/types';
import { bytes } from '../../lib/format';
import { riskTone, words } from '../../lib/risk';
import { Pill } from '../../components/pill';

export function SkillTree(props: { skill: SkillDetail }) {
  const { references, scripts } = props.skill.tree;
  return html`<ul class="skill-tree" aria-label=${`${props.skill.name} files`}>
    <li><span class="tree-name">SKILL.md</span></li>
    <li>
      <span class="tree-name">references/</span> <span class="muted small">${references.length}</span>
      <ul>
        ${references.length === 0 && html`<li class="muted small">none</li>`}
        ${references.map((r) => html`<li>
          <span class="tree-name">${r.path.replace(/^references\//, '')}</span> <span class="muted small">${bytes(r.bytes)}</span>
        </li>`)}
      </ul>
    </li>
    <li>
      <span class="tree-name">scripts/</span> <span class="muted small">${scripts.length}</span>
      <ul>
        ${scripts.length === 0 && html`<li class="muted small">${props.skill.source === 'user' ? 'none (uploaded skills carry no code)' : 'none'}</li>`}
        ${scripts.map((s) => html`<li class="tree-script">
          <div class="row gap-s"><span class="tree-name">${s.path.replace(/^scripts\//, '')}</span><${Pill} tone=${riskTone(s.risk)}>${words(s.risk)}<//></div>
          <code class="tool-id">${s.tool_id}</code>
          <span class="muted small">${s.description}</span>
        </li>`)}
      </ul>
    </li>
  </ul>`;
}
