// A Slack send as Slack would show it (issue 16): the channel, the bot, the message with its
// formatting, links and mentions — and, when Slack is not set up, a banner saying nothing will
// reach Slack. Rendered from parsed nodes, never as HTML.
import { html } from '../../../html';
import { parseMrkdwn, type Inline } from './mrkdwn';

function InlineNodes(props: { nodes: Inline[] }): unknown {
  return props.nodes.map((n) => {
    switch (n.kind) {
      case 'text': return n.text;
      case 'bold': return html`<strong><${InlineNodes} nodes=${n.children} /></strong>`;
      case 'italic': return html`<em><${InlineNodes} nodes=${n.children} /></em>`;
      case 'strike': return html`<s><${InlineNodes} nodes=${n.children} /></s>`;
      case 'code': return html`<code class="slack-code">${n.text}</code>`;
      case 'link': return html`<a href=${n.href} target="_blank" rel="noopener noreferrer">${n.text}</a>`;
      case 'mention': return html`<span class="slack-mention">${n.text}</span>`;
    }
  });
}

export function SlackPreview(props: { channel: string; text: string; blocks: number; sandboxed: boolean }) {
  return html`<div class="slack-preview">
    ${props.sandboxed &&
    html`<p class="notice notice-amber small" role="note" aria-label="Slack sandbox mode">
      <strong>sandbox mode</strong>
      <span>Slack is not set up here, so approving writes this message to the run's <code>outbox/</code>: nothing reaches ${props.channel}.</span>
    </p>`}
    <div class="slack-message" aria-label="Message as Slack shows it">
      <div class="slack-head"><span class="slack-channel">${props.channel.startsWith('#') ? props.channel : `#${props.channel}`}</span><span class="muted small">Agent Studio · app</span></div>
      <div class="slack-body">
        ${parseMrkdwn(props.text).map((b) =>
          b.kind === 'pre'
            ? html`<pre class="slack-pre">${b.text}</pre>`
            : html`<div class=${b.kind === 'quote' ? 'slack-quote' : 'slack-paragraph'}>${b.lines.map((line) => html`<div class="slack-line">${line.length ? html`<${InlineNodes} nodes=${line} />` : '\u00a0'}</div>`)}</div>`,
        )}
      </div>
      ${props.blocks > 0 && html`<p class="muted small">It also carries ${props.blocks} Block Kit ${props.blocks === 1 ? 'block' : 'blocks'}, in the raw payload.</p>`}
    </div>
  </div>`;
}
