/**
 * The rows of the fake's large table `in.c-salesforce.events` (POST /projects {event_rows}), made
 * from their index alone: the fake (in Node) builds the table from them and a test (in workerd)
 * builds the CSV it expects, so a big export is checked without sending it twice. Each row is
 * ~1 KB with a comma, quotes and a two-byte character, so quoting and chunk edges are exercised.
 */
export const EVENT_COLUMNS = ['id', 'account', 'note'];

const FILLER = 'lorem ipsum dolor sit amet, consectetur adipiscing elit — '.repeat(16);

export function eventRow(i: number): string[] {
  return [`E${i}`, String((i * 7919) % 100_003), `event ${i} for "Account ${i % 997}", ${FILLER}${i}`];
}
