// JSON text the run's tables already hold (a call's arguments and result, a step's outputs) put
// into a response as it is stored, instead of parsed and written out again. A finished 100k-row
// cleanup's detail is ~270 KB, nearly all of it such text, and GET /runs/{id} is what clients poll
// while a run works: parsing it, cloning it across the object boundary and writing it out again
// cost ~8 ms a request (issue 13).

/**
 * `build(stored)` gives the value to send; each `stored(text)` in it stands for the JSON value
 * `text` holds. The result is that value's JSON text, with each stored text copied in verbatim.
 * A marker is a string no stored value can hold: it starts with a NUL and carries a random nonce.
 */
export function jsonWithStored(build: (stored: (text: string) => unknown) => unknown): string {
  const nonce = crypto.randomUUID();
  const texts: string[] = [];
  const json = JSON.stringify(build((text) => `\u0000${nonce}:${texts.push(text) - 1}`));
  return json.replace(new RegExp(`"\\\\u0000${nonce}:(\\d+)"`, 'g'), (_, index: string) => texts[Number(index)]!);
}

/** The same `build` as a value: each stored text parsed. */
export function valueWithStored<T>(build: (stored: (text: string) => unknown) => T): T {
  return build((text) => JSON.parse(text) as unknown);
}
