// Slips of the keyboard that a large table repeats. In 100,000 rows "Pavel" mistyped as "Psavel"
// comes up four times and "Jan" as "Jsan" ten: a fixed count ("at most two records") no longer
// tells a typo from a name. What does is how the spelling compares with its neighbour: a typo is
// one edit away from a name the table shows far more often, at most as often relative to it as
// the table's odd one-off spellings are relative to all names. "Jana" next to "Jan", "Petra" next
// to "Petr" are names in their own right: each is common compared with the other.
import { withinOneEdit } from './compare';

/**
 * The spellings in `counts` (value → records carrying it) that are a slip of a more frequent
 * one: one edit (insertion, deletion, substitution, swap of neighbours) from a value `y` with
 * count ≤ `share` × count(y). `share` is measured by the caller from the same table (the
 * fraction of its records whose value is a one-off spelling), so the test scales with the table.
 * Only spellings carried by at least `minCount` records are reported (a caller that treats
 * rarer ones as typos anyway need not look at them).
 */
export function spellingVariants(counts: ReadonlyMap<string, number>, share: number, minCount = 0): Set<string> {
  const variants = new Set<string>();
  if (!(share > 0)) return variants;
  // With share ≤ 1 a slip's more frequent neighbour is carried by at least as many records as
  // the slip: spellings below minCount are then neither reported nor anyone's neighbour.
  const floor = share <= 1 ? minCount : 0;
  // Two values one edit apart share a value with one letter deleted (or one is the other's
  // deletion): index every deletion so neighbours are found without comparing all pairs.
  const byDeletion = new Map<string, string[]>();
  const file = (key: string, value: string) => {
    const list = byDeletion.get(key);
    if (list) list.push(value);
    else byDeletion.set(key, [value]);
  };
  for (const [value, count] of counts) {
    if (value.length < 2 || count < floor) continue;
    file(value, value);
    for (let i = 0; i < value.length; i++) file(value.slice(0, i) + value.slice(i + 1), value);
  }
  for (const [value, count] of counts) {
    if (value.length < 3 || count < minCount) continue;
    const keys = [value];
    for (let i = 0; i < value.length; i++) keys.push(value.slice(0, i) + value.slice(i + 1));
    search: for (const key of keys) {
      for (const other of byDeletion.get(key) ?? []) {
        if (other === value || count > share * (counts.get(other) ?? 0)) continue;
        if (withinOneEdit(value, other)) {
          variants.add(value);
          break search;
        }
      }
    }
  }
  return variants;
}
