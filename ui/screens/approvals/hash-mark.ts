// The body hash: truncated, copyable, and marked ✓ only when the browser's own SHA-256 over the
// canonical payload gives the same hash (what you read is what you approve).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../html';
import { checkBodyHash, shortHash, type HashCheck } from '../../lib/body-hash';
import { copyText } from '../../lib/clipboard';

const MARK: Record<HashCheck, { text: string; cls: string; title: string }> = {
  checking: { text: 'checking…', cls: 'hash-check', title: 'recomputing SHA-256 over the canonical payload' },
  verified: { text: '✓ verified', cls: 'hash-check hash-ok', title: 'SHA-256 of the canonical (RFC 8785) payload shown here equals this hash' },
  mismatch: { text: '✕ does not match the payload', cls: 'hash-check hash-bad', title: 'the payload shown does not hash to this value: do not approve' },
  unavailable: { text: 'not verified (no WebCrypto here)', cls: 'hash-check', title: 'this page cannot compute SHA-256 (it needs https or localhost)' },
};

export function useHashCheck(payload: unknown, hash: string): HashCheck {
  const [state, setState] = useState<HashCheck>('checking');
  useEffect(() => {
    let live = true;
    setState('checking');
    checkBodyHash(payload, hash).then(
      (result) => live && setState(result),
      () => live && setState('unavailable'),
    );
    return () => {
      live = false;
    };
  }, [hash, JSON.stringify(payload)]);
  return state;
}

export function HashMark(props: { hash: string; check: HashCheck }) {
  const [copied, setCopied] = useState(false);
  const mark = MARK[props.check];
  const copy = async () => {
    await copyText(props.hash);
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  };
  return html`<span class="hash">
    <code class="hash-value" title=${props.hash} aria-label=${`body hash ${props.hash}`}>${shortHash(props.hash)}</code>
    <button type="button" class="btn btn-quiet btn-xs" onClick=${copy} aria-label="copy the full body hash">${copied ? '✓ copied' : 'copy'}</button>
    <span class=${mark.cls} title=${mark.title} role="status">${mark.text}</span>
  </span>`;
}
