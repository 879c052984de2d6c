// Response shapes of the public API. Types only (erased at build time): the zod schemas in
// src/domain are the contract, so a change there shows up here as a type error.
export type { Blueprint, BlueprintCategory, Plugin } from '../../src/domain/catalogue';
export type { PlaybookRecord, PlaybookRevision, PlaybookSpec, PlaybookSummary, RevisionInfo, Step } from '../../src/domain/playbook';
export type { Trigger } from '../../src/domain/trigger';
export type { User, Role } from '../../src/domain/user';

import type { Blueprint } from '../../src/domain/catalogue';

export type BlueprintSummary = Omit<Blueprint, 'playbook_template'>;

/** One failing path of a 422 (`details.issues`). */
export type Issue = { path: string; message: string };
