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

// What goes into a required e-mail field when there is no address: "noemail@example.com",
// "none@none.com", "na@test.com". Shared by unrelated people, so never evidence of identity.
// Compared without separators ("no.email", "no-reply", "do_not_reply").
const PLACEHOLDER_LOCAL_PARTS = new Set([
  'noemail', 'nomail', 'none', 'na', 'nil', 'null', 'unknown', 'noreply', 'donotreply', 'dummy', 'fake', 'invalid', 'test', 'asdf', 'xxx',
]);

/** Whether a (normalised) address is a placeholder rather than someone's mailbox. */
export function isPlaceholderEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  return at > 0 && PLACEHOLDER_LOCAL_PARTS.has(email.slice(0, at).split('+')[0]!.replace(/[._-]/g, ''));
}

// Role mailboxes: an address for a function, read by whoever does that job ("info@", "sales@",
// "fakturace@"), so it names a team, not a person. A maintained list in the languages CRM contacts
// are written in; the data's own evidence (profile.ts: one address on several people's records)
// finds the unlisted ones. Compared without separators and digits ("customer-service", "info2").
const ROLE_LOCAL_PARTS = new Set([
  // English
  'info', 'information', 'sales', 'office', 'hello', 'hi', 'hey', 'support', 'help', 'helpdesk', 'servicedesk', 'billing', 'accounts',
  'accounting', 'accountspayable', 'accountsreceivable', 'ap', 'ar', 'invoices', 'invoice', 'invoicing', 'finance', 'payables',
  'receivables', 'payments', 'admin', 'administrator', 'administration', 'contact', 'contacts', 'contactus', 'enquiries', 'enquiry',
  'inquiries', 'inquiry', 'team', 'orders', 'order', 'hr', 'jobs', 'careers', 'recruiting', 'recruitment', 'talent', 'marketing',
  'press', 'media', 'pr', 'service', 'services', 'customerservice', 'customercare', 'customersupport', 'care', 'feedback', 'reception',
  'frontdesk', 'mail', 'email', 'general', 'webmaster', 'postmaster', 'hostmaster', 'abuse', 'security', 'privacy', 'legal',
  'compliance', 'it', 'ops', 'operations', 'purchasing', 'procurement', 'bookings', 'booking', 'reservations', 'events', 'partners',
  'partner', 'newsletter', 'news', 'studio', 'shop', 'store', 'staff', 'all', 'everyone', 'management', 'board', 'tech', 'technical',
  'projects', 'logistics', 'shipping', 'dispatch', 'warehouse', 'quality', 'hq', 'main', 'mailbox',
  // German
  'kontakt', 'vertrieb', 'verkauf', 'buero', 'buro', 'buchhaltung', 'rechnung', 'rechnungen', 'einkauf', 'personal', 'zentrale',
  'empfang', 'anfrage', 'anfragen', 'bestellung', 'bestellungen', 'verwaltung', 'kundenservice', 'kundendienst', 'sekretariat',
  // Czech and Slovak
  'obchod', 'kancelar', 'fakturace', 'faktury', 'podpora', 'recepce', 'objednavky', 'objednavka', 'poptavky', 'poptavka', 'ucetni',
  'uctarna', 'sekretariat', 'sklad', 'servis', 'provoz', 'zakaznici', 'zakaznickaslinka',
  // Dutch
  'verkoop', 'kantoor', 'administratie', 'facturen', 'factuur', 'klantenservice', 'receptie', 'boekhouding', 'inkoop', 'secretariaat',
  // Spanish and Portuguese
  'ventas', 'administracion', 'contacto', 'facturacion', 'comercial', 'oficina', 'soporte', 'atencion', 'atencionalcliente', 'pedidos',
  'recepcion', 'contabilidad', 'compras', 'vendas', 'contato', 'financeiro', 'geral',
  // French and Italian
  'accueil', 'compta', 'comptabilite', 'facturation', 'secretariat', 'direction', 'ventes', 'commandes', 'amministrazione',
  'commerciale', 'vendite', 'ufficio', 'assistenza', 'segreteria', 'ordini', 'contatti',
  // Polish
  'biuro', 'sprzedaz', 'ksiegowosc', 'zamowienia', 'obsluga',
]);

/**
 * Whether a (normalised) address is a role mailbox by its local part: listed ("info@",
 * "customer-service@", "info2@"), or a listed word with a short region or department tag
 * ("sales.emea@", "info-cz@").
 */
export function isRoleEmail(email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const local = email.slice(0, at).split('+')[0]!;
  if (ROLE_LOCAL_PARTS.has(local.replace(/[._\-\d]/g, ''))) return true;
  const parts = local.split(/[._-]/).filter((p) => p !== '');
  return parts.length === 2 && ROLE_LOCAL_PARTS.has(parts[0]!.replace(/\d/g, '')) && parts[1]!.length <= 4;
}

/**
 * The mailbox an address delivers to: sub-addressing ("+tag", RFC 5233, honoured by Gmail,
 * Outlook, Fastmail, iCloud and most corporate servers) is dropped everywhere; dots are
 * dropped only for Gmail, the one large provider that ignores them. '' for placeholders
 * (isPlaceholderEmail), so they never match.
 */
export function canonicalEmail(value: unknown): string {
  return canonicalOf(normaliseEmail(value));
}

/** canonicalEmail of an address already normalised (normaliseEmail). */
export function canonicalOf(email: string): string {
  if (email === '' || isPlaceholderEmail(email)) return '';
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

// Consumer mailbox providers (free-mail and ISP mail): their domain says nothing about where a
// person works. Brands with many country domains (yahoo.co.uk, hotmail.de) are listed by name;
// others by domain. HubSpot keeps a list like this to avoid associating contacts with a
// "company" called Gmail; so does every B2B enrichment tool.
const FREEMAIL_BRANDS = new Set([
  'gmail', 'googlemail', 'yahoo', 'ymail', 'rocketmail', 'hotmail', 'outlook', 'live', 'msn', 'windowslive', 'aol', 'icloud', 'me', 'mac',
  'protonmail', 'proton', 'pm', 'gmx', 'yandex', 'zoho', 'fastmail', 'tutanota', 'tuta', 'hey', 'mail', 'email', 'inbox', 'qq', '163', '126',
]);
const FREEMAIL_DOMAINS = new Set([
  'web.de', 't-online.de', 'freenet.de', 'arcor.de', 'posteo.de', 'mailbox.org', 'seznam.cz', 'centrum.cz', 'atlas.cz', 'volny.cz',
  'post.cz', 'tiscali.cz', 'azet.sk', 'zoznam.sk', 'wp.pl', 'o2.pl', 'onet.pl', 'interia.pl', 'orange.fr', 'wanadoo.fr', 'free.fr',
  'laposte.net', 'sfr.fr', 'neuf.fr', 'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'btinternet.com', 'sky.com',
  'virginmedia.com', 'talktalk.net', 'ntlworld.com', 'blueyonder.co.uk', 'bigpond.com', 'bigpond.net.au', 'optusnet.com.au',
  'iinet.net.au', 'ziggo.nl', 'kpnmail.nl', 'planet.nl', 'home.nl', 'hetnet.nl', 'xs4all.nl', 'telenet.be', 'skynet.be', 'bluewin.ch',
  'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'cox.net', 'charter.net', 'earthlink.net', 'shaw.ca', 'rogers.com',
  'sympatico.ca', 'telus.net', 'videotron.ca', 'naver.com', 'hanmail.net', 'daum.net', 'rediffmail.com',
]);
// Second-level labels under a country code that are not the organisation ("co" in acme.co.uk).
const GENERIC_SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'edu', 'gov', 'ltd', 'plc', 'or', 'ne', 'go', 'gv', 'asn']);

/**
 * The organisation an address belongs to: the domain's name without its public suffix or
 * subdomains ("j.doe@mail.oakpointenergy.com.au" → "oakpointenergy"); '' for consumer
 * providers and placeholders. Compared with company names (a work address names the employer)
 * and with each other (two different mailboxes at one organisation are two people).
 */
export function emailOrganisation(value: unknown): string {
  return organisationOf(normaliseEmail(value));
}

/** emailOrganisation of an address already normalised (normaliseEmail). */
export function organisationOf(email: string): string {
  if (email === '' || isPlaceholderEmail(email)) return '';
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (FREEMAIL_DOMAINS.has(domain)) return '';
  const labels = domain.split('.').filter((l) => l !== '');
  if (labels.length < 2) return '';
  labels.pop();
  if (labels.length >= 2 && GENERIC_SECOND_LEVEL.has(labels[labels.length - 1]!)) labels.pop();
  const name = labels[labels.length - 1]!;
  return FREEMAIL_BRANDS.has(name) ? '' : name.replace(/[^a-z0-9]/g, '');
}
