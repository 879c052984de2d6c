// A CSV text that arrives in pieces (decoded slices of a workspace file, chunks of a download, or
// one string) cut into parts of whole records, without ever joining the pieces into one string:
// an 11 MB file joined held the process's one thread 70–120 ms (issue 13), and a file over a
// Worker's memory cannot be held whole at all. Records end at a newline outside quotes (RFC 4180
// quotes double, so parity holds).

/** `body`: whole records after the header line; `records`: how many (a last one without its newline counts). */
export type CsvPart = { header: string; body: string; firstRow: number; records: number };

/**
 * The parts, each ending at the first record end where it holds `records` records or `chars`
 * characters of them; `firstRow` counts the records before it. Always at least one part: a text
 * with no complete header line is all header, and a header alone comes with an empty body.
 * Each piece is scanned once and a part's pieces are joined only when it is given.
 */
export async function* csvRecordParts(pieces: Iterable<string> | AsyncIterable<string>, records: number, chars = Infinity): AsyncGenerator<CsvPart> {
  let header: string | undefined;
  let held: string[] = []; // the part so far (the header while it is incomplete), from earlier pieces
  let heldChars = 0;
  let quoted = false;
  let seen = 0;
  let firstRow = 0;
  let atRecordEnd = true;
  for await (const text of pieces) {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      atRecordEnd = false;
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) {
        atRecordEnd = true;
        if (header !== undefined && ++seen < records && heldChars + i + 1 - start < chars) continue;
        const upTo = held.join('') + text.slice(start, i + 1);
        held = [];
        heldChars = 0;
        start = i + 1;
        if (header === undefined) {
          header = upTo;
          continue;
        }
        yield { header, body: upTo, firstRow, records: seen };
        firstRow += seen;
        seen = 0;
      }
    }
    if (start < text.length) {
      held.push(text.slice(start));
      heldChars += text.length - start;
    }
  }
  const rest = held.join('');
  if (header === undefined) yield { header: rest, body: '', firstRow: 0, records: 0 };
  // The last records, or the header alone for an empty table.
  else if (rest.length > 0 || firstRow === 0) yield { header, body: rest, firstRow, records: seen + (atRecordEnd ? 0 : 1) };
}
