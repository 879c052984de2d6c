// Truthful time (issue 13): the API's three numbers in words — time running with every wait for a
// person excluded, time waiting for people, time inside tool calls and model turns — never one
// number derived from timestamps, which would count the waits as running. The header shows the
// run's; the step list each step's, in the narrow column's shorter words.
import { html } from '../../html';
import type { RunTimes } from '../../api/types';
import { timeSpan } from '../../lib/format';

const MEANING = 'ran: time running, waits for people excluded · waited for people: for answers, approvals, resumes · compute: inside tool calls and model turns';

/** The three parts, each kept on one line where the column is narrow (the step list). */
function TimesParts(props: { times: RunTimes; waited: string; class: string }) {
  const t = props.times;
  const parts = [`ran ${timeSpan(t.wall_clock_seconds)}`, `${props.waited} ${timeSpan(t.waiting_seconds)}`, `compute ${timeSpan(t.compute_seconds)}`];
  return html`<span class=${props.class} title=${MEANING}>${parts.map((p, i) => html`${i > 0 ? ' · ' : ''}<span class="time-part">${p}</span>`)}</span>`;
}

export function RunTimesLine(props: { times: RunTimes }) {
  return html`<${TimesParts} times=${props.times} waited="waited for people" class="run-times" />`;
}

export function StepTimesLine(props: { times: RunTimes }) {
  return html`<${TimesParts} times=${props.times} waited="waited" class="step-times" />`;
}
