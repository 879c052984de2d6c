// Email addresses. The plain form is what the person typed, trimmed and lower-cased; the
// canonical form folds provider-specific aliases so two spellings of one mailbox match.

// Gmail ignores dots in the local part and treats googlemail.com as the same domain.
const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
const SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "  John.Doe@Example.COM " → "john.doe@example.com"; '' when it is not an address. */
export function normaliseEmail(value: unknown): string {
  if (typeof value !== 'string') return '';
  // Strip a display-name wrapper ("John <john@x.com>") and a mailto: prefix before checking.
  const inner = /<([^>]*)>/.exec(value)?.[1] ?? value;
  const email = inner.trim().replace(/^mailto:/i, '').toLowerCase();
  return SHAPE.test(email) ? email : '';
}

/**
 * The mailbox an address delivers to: sub-addressing ("+tag", RFC 5233, honoured by Gmail,
 * Outlook, Fastmail, iCloud and most corporate servers) is dropped everywhere; dots are
 * dropped only for Gmail, the one large provider that ignores them.
 */
export function canonicalEmail(value: unknown): string {
  const email = normaliseEmail(value);
  if (email === '') return '';
  const at = email.lastIndexOf('@');
  let local = email.slice(0, at);
  let domain = email.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}
