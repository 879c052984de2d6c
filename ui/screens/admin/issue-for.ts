// A field's first complaint in a 422 from the API, and its place under the field, for the admin forms.
import { html } from '../../html';

/** A form field's first API complaint (422 `details.issues`), if the API named it. */
export function issueFor(error: unknown, field: string): string | undefined {
  const issues = (error as { issues?: { path: string; message: string }[] } | null)?.issues ?? [];
  return issues.find((i) => i.path === field || i.path.startsWith(`${field}.`) || i.path.startsWith(`${field}[`))?.message;
}

export function FieldError(props: { message: string | undefined; id: string }) {
  return props.message ? html`<span class="field-error" id=${props.id}>${props.message}</span>` : null;
}
