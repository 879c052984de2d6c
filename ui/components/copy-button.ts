import { useState } from 'preact/hooks';
import { html } from '../html';
import { copyText } from '../lib/clipboard';

/** "copy" that says "✓ copied" for two seconds; `what` names the value for screen readers. */
export function CopyButton(props: { text: string; what: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await copyText(props.text);
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  };
  return html`<button type="button" class="btn btn-quiet btn-xs" onClick=${copy} aria-label=${`copy the ${props.what}`}>${copied ? '✓ copied' : '❐ copy'}</button>`;
}
