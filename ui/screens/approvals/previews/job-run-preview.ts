// A Keboola job as what it runs and what it changes (issue 16), from the dry run's read of the project's components.
import { html } from '../../../html';
import type { JobRunSummary } from './summaries';

export function JobRunPreview(props: { summary: JobRunSummary }) {
  const s = props.summary;
  return html`<div class="job-preview">
    <dl class="facts">
      <div><dt>component</dt><dd>${s.component_name ? `${s.component_name} ` : ''}<code>${s.component}</code>${s.component_type ? html` · ${s.component_type}` : null}</dd></div>
      <div><dt>configuration</dt><dd>${s.config_name ? `${s.config_name} ` : ''}<code>${s.config}</code></dd></div>
      <div><dt>what it changes</dt><dd>${s.effect ?? 'unknown (no dry run)'}</dd></div>
    </dl>
    ${s.disabled && html`<p class="notice notice-amber small" role="note">This configuration is disabled in Keboola: the job will end in error.</p>`}
  </div>`;
}
