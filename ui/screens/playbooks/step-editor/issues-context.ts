// Which messages each form field shows: the API's refusal (until that field is edited again) and
// what the form itself sees wrong (references pointing nowhere, text that is not a number).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type FieldIssues = {
  /** Messages for a field key (its API path). */
  of: (key: string) => string[];
  /** The field was edited: the refusal it showed no longer applies. */
  edited: (key: string) => void;
};

export const IssuesContext = createContext<FieldIssues>({ of: () => [], edited: () => {} });

export const useFieldIssues = () => useContext(IssuesContext);
