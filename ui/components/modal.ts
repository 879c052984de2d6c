// A centred modal dialog (native <dialog> with showModal): the page behind is inert, Tab and
// Shift+Tab cycle inside it, Escape closes it, and focus returns to where it was on close.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html';
import { keepTabInside } from '../lib/focus';

export type ModalProps = {
  /** id of the element that names the dialog (its title). */
  labelledBy: string;
  describedBy?: string;
  onClose: () => void;
  class?: string;
  /** Where focus goes on close when the element that had it before is gone (a CSS selector). */
  returnFocus?: string;
  children?: unknown;
};

export function Modal(props: ModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;
  const fallback = useRef(props.returnFocus);
  fallback.current = props.returnFocus;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!el.open) el.showModal();
    el.focus();
    // Escape: the app decides (it owns the URL that says the dialog is open).
    const onCancel = (event: Event) => {
      event.preventDefault();
      onClose.current();
    };
    el.addEventListener('cancel', onCancel);
    return () => {
      el.removeEventListener('cancel', onCancel);
      if (el.open) el.close();
      // After the page has re-rendered without the dialog: the opener if it is still there, else the fallback.
      const selector = fallback.current;
      window.setTimeout(() => {
        const target = opener?.isConnected && opener !== document.body ? opener : selector ? document.querySelector<HTMLElement>(selector) : null;
        if (target && !document.querySelector('dialog[open]')) target.focus();
      }, 0);
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onClose.current();
      return;
    }
    keepTabInside(event, dialog.current);
  };

  return html`<dialog ref=${dialog} class=${`modal ${props.class ?? ''}`} aria-modal="true" aria-labelledby=${props.labelledBy}
    aria-describedby=${props.describedBy} tabindex="-1" onKeyDown=${onKeyDown}
    onClick=${(e: MouseEvent) => e.target === dialog.current && onClose.current()}>
    ${props.children}
  </dialog>`;
}
