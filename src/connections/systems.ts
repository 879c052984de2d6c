/**
 * Which external system a Keboola component talks to (spec §7 auto-discovery): the extractor
 * `keboola.ex-salesforce` and the writer `keboola.wr-salesforce` both mean "Salesforce". The id
 * after the vendor prefix and the ex-/wr- part is looked up here; unknown ones get a name made
 * from the id, so a new component still shows up sensibly.
 */

export type ComponentRole = 'extractor' | 'writer';
export type SystemRef = { id: string; system: string };

const KNOWN: Record<string, SystemRef> = {};
function known(system: string, id: string, ...slugs: string[]): void {
  for (const slug of [id, ...slugs]) KNOWN[slug] = { id, system };
}
known('Salesforce', 'salesforce', 'salesforce-v2');
known('HubSpot', 'hubspot', 'hubspot-crm', 'hubspot-v2');
known('Zendesk', 'zendesk', 'zendesk-v2');
known('Google Sheets', 'google-sheets', 'google-drive');
known('Google Analytics', 'google-analytics', 'google-analytics-v4');
known('Google Ads', 'google-ads');
known('Facebook Ads', 'facebook-ads', 'facebook');
known('Snowflake', 'snowflake', 'db-snowflake', 'snowflake-blob-storage');
known('BigQuery', 'bigquery', 'google-bigquery', 'google-bigquery-v2', 'db-bigquery');
known('PostgreSQL', 'postgresql', 'db-pgsql', 'db-postgresql', 'pgsql');
known('MySQL', 'mysql', 'db-mysql');
known('Microsoft SQL Server', 'mssql', 'db-mssql');
known('Oracle', 'oracle', 'db-oracle');
known('Amazon S3', 'aws-s3', 's3');
known('Stripe', 'stripe');
known('Shopify', 'shopify');
known('Slack', 'slack');
known('Jira', 'jira');
known('Intercom', 'intercom');
known('Mailchimp', 'mailchimp');
known('Pipedrive', 'pipedrive');
known('Microsoft Dynamics 365', 'dynamics-365', 'dynamics365', 'ms-dynamics');
known('NetSuite', 'netsuite');

/**
 * "keboola.ex-salesforce" → extractor of Salesforce; "kds-team.wr-hubspot-crm" → writer of HubSpot.
 * Undefined for components that are neither (transformations, applications, orchestrations).
 */
export function componentSystem(componentId: string, type: string): (SystemRef & { role: ComponentRole }) | undefined {
  const local = componentId.includes('.') ? componentId.slice(componentId.indexOf('.') + 1) : componentId;
  const prefixed = /^(ex|wr)-(.+)$/.exec(local);
  // Storage's `type` decides (the ex-/wr- naming is a convention, not a rule).
  if (type !== 'extractor' && type !== 'writer') return undefined;
  const role: ComponentRole = type;
  const slug = (prefixed?.[2] ?? local).toLowerCase();
  return { ...(KNOWN[slug] ?? derived(slug)), role };
}

/** "foo-bar-v2" → id "foo-bar", system "Foo Bar". */
function derived(slug: string): SystemRef {
  const id = slug.replace(/-v\d+$/, '').replace(/^db-/, '').replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'component';
  const system = id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  return { id, system };
}
