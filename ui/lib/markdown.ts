// Markdown → sanitised HTML for reports and question prompts. Loaded on demand (its own chunk):
// marked parses, DOMPurify removes anything that could run script or reach outside the app.
import { marked } from 'marked';
import DOMPurify from 'dompurify';

const purify = DOMPurify(window);

purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
  // A report could carry a tracking pixel or leak data through an image URL: only inline images load.
  if (node.tagName === 'IMG' && !/^data:image\//i.test(node.getAttribute('src') ?? '')) {
    const alt = node.ownerDocument.createElement('span');
    alt.className = 'md-blocked-image';
    alt.textContent = `[image not loaded: ${node.getAttribute('alt') || node.getAttribute('src') || 'remote image'}]`;
    node.replaceWith(alt);
  }
});

export function renderMarkdown(source: string): string {
  const raw = marked.parse(source, { async: false, gfm: true, breaks: false });
  return purify.sanitize(raw, {
    USE_PROFILES: { html: true },
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
    FORBID_ATTR: ['style', 'class', 'id'],
  });
}
