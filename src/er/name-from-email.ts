// A record with a given name only ("Kate" in a ticketing tool's single name field) often still
// says who it is in its address: "kate.smith@acme.com", "smith_kate77@gmail.com". The family
// name read from there lets the name rules compare it with the person's other records.
import { isRoleEmail } from './normalize-email';
import { nameMatchForm } from './normalize-name';
import { formalGivenName, isKnownGivenName } from './nicknames';

/**
 * The family name an address spells next to the record's given name, in comparison form, or ''.
 * Only an address of exactly two words separated by ".", "_" or "-" (digits ignored), one of them
 * the given name as written or its formal name: "kate.smith", "smith.kate", "kate_smith77"; not when
 * the other word is a given name the nickname tables know ("kate.john": a couple's address).
 * Joined or initial forms ("ksmith", "kates") are not read: where one name ends is a guess there.
 */
export function familyFromEmail(givenForm: string, email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0 || givenForm === '' || givenForm.includes(' ') || isRoleEmail(email)) return '';
  const words = email.slice(0, at).split('+')[0]!.replace(/[0-9]+/g, '').split(/[._-]+/).filter((w) => w !== '');
  if (words.length !== 2) return '';
  const isGiven = (word: string) => word === givenForm || formalGivenName(word) === formalGivenName(givenForm);
  const [a, b] = words as [string, string];
  const family = isGiven(a) && !isGiven(b) ? b : isGiven(b) && !isGiven(a) ? a : '';
  // "kate.john@" is a couple's address more often than a family name.
  return family.length >= 2 && /^[a-z]+$/.test(family) && !isKnownGivenName(family) ? nameMatchForm(family) : '';
}
