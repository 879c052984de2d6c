import Papa from 'papaparse';

/** CSV as Keboola Storage speaks it (RFC 4180, comma, double-quote enclosure). */

export type CsvShape = { columns: string[]; rows: number };

/**
 * The header and the number of data rows; blank lines do not count. Only the header is parsed:
 * the rows are counted by one scan for line ends outside quotes (RFC 4180 quotes double, so
 * parity holds), since a whole parse of a large export would hold the run for a third of a second.
 */
export function csvShape(csv: string): CsvShape {
  let records = 0;
  let header = '';
  let quoted = false;
  let start = 0;
  const end = (at: number) => {
    const content = at > start && csv.charCodeAt(at - 1) === 13 ? at - 1 : at;
    if (content > start && records++ === 0) header = csv.slice(start, at);
    start = at + 1;
  };
  for (let i = 0; i < csv.length; i++) {
    const c = csv.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) end(i);
  }
  end(csv.length);
  const columns = records === 0 ? [] : (Papa.parse<string[]>(header).data[0] ?? []);
  return { columns: columns.map((c) => String(c).trim()), rows: Math.max(0, records - 1) };
}

/** Exports from Storage have no header row (keboola-api.md "Export"): add the table's columns, quoted as Keboola's clients do. */
export function withHeader(columns: readonly string[], body: string): string {
  const header = Papa.unparse([columns as string[]], { quotes: true, newline: '\n' });
  if (!body) return `${header}\n`;
  return `${header}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}

/** The first `lines` records (header included) of a CSV, for showing a model what a saved file holds. */
export function csvHead(csv: string, lines: number): string {
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: true, preview: lines });
  return Papa.unparse(parsed.data, { newline: '\n' });
}

/** Text kept from the start of a streamed CSV for its header and head (a line longer than this is cut). */
const HEAD_TEXT = 64 * 1024;

/**
 * csvShape and csvHead over a CSV that streams past in chunks (a large export written straight to
 * the workspace): the same record count by line ends outside quotes, and the first lines kept.
 */
export class CsvTally {
  private readonly decoder = new TextDecoder();
  private quoted = false;
  private records = 0;
  private content = 0;
  private start = '';

  /** Passes the chunks through unchanged, counting them on the way. */
  async *through(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of chunks) {
      this.add(this.decoder.decode(chunk, { stream: true }));
      yield chunk;
    }
    this.add(this.decoder.decode());
  }

  shape(lines: number): CsvShape & { head: string } {
    const records = this.records + (this.content > 0 ? 1 : 0);
    const kept = this.start.length < HEAD_TEXT ? this.start : this.start.slice(0, this.start.lastIndexOf('\n') + 1);
    const shape = csvShape(kept.slice(0, kept.indexOf('\n') + 1 || undefined));
    return { columns: shape.columns, rows: Math.max(0, records - 1), head: csvHead(kept, lines) };
  }

  private add(text: string): void {
    if (this.start.length < HEAD_TEXT) this.start += text.slice(0, HEAD_TEXT - this.start.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) this.quoted = !this.quoted;
      if (c === 10 && !this.quoted) {
        if (this.content > 0) this.records++;
        this.content = 0;
      } else if (c !== 13) this.content++;
    }
  }
}
