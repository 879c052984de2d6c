/**
 * RFC 4180 CSV split into records as text arrives in pieces, each record with the line it starts
 * on. Why not papaparse: it streams only Node streams and browser Files (neither exists in
 * workerd), and it reports rows, not the file's lines — a refusal must name the line a person
 * sees in their editor. Quoted values may span lines; CRLF, LF and CR line ends are all read.
 */

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The file cannot be read as CSV: where, and why. */
export class CsvRefusal extends Error {
  override name = 'CsvRefusal';
  constructor(readonly line: number, readonly reason: string) {
    super(`line ${line}: ${reason}`);
  }
}

// start: nothing of the field read yet; quote: a quote seen inside a quoted field (closing, or the first of "").
type State = 'start' | 'unquoted' | 'quoted' | 'quote';

export class CsvRecords {
  private state: State = 'start';
  private field = '';
  private fields: string[] = [];
  private physicalLine = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private afterCr = false;

  constructor(private readonly onRecord: (fields: string[], line: number) => void) {}

  /** The line being read now. */
  get line(): number {
    return this.physicalLine;
  }

  push(text: string): void {
    let from = 0; // where the run of plain characters not yet copied into `field` starts
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (c === LF) {
          from = i + 1;
          continue; // the LF of a CRLF
        }
      }
      if (this.state === 'quoted') {
        if (c === QUOTE) {
          this.field += text.slice(from, i);
          [this.state, from] = ['quote', i + 1];
        } else if (c === LF) this.physicalLine++;
      } else if (this.state === 'quote') {
        if (c === QUOTE) {
          this.field += '"';
          [this.state, from] = ['quoted', i + 1];
        } else if (c === COMMA || c === LF || c === CR) from = this.endField(c, text.slice(from, i), i);
        else throw new CsvRefusal(this.physicalLine, 'text after the closing quote of a field (a quote inside a quoted value must be doubled: "")');
      } else if (c === COMMA || c === LF || c === CR) from = this.endField(c, text.slice(from, i), i);
      else if (c === QUOTE && this.state === 'start') {
        [this.state, this.quoteLine, from] = ['quoted', this.physicalLine, i + 1];
      } else this.state = 'unquoted';
    }
    if (this.state !== 'start') this.field += text.slice(from);
  }

  /** The text has ended: an open quote is an error; a last line without a line end is a record. */
  end(): void {
    if (this.state === 'quoted') throw new CsvRefusal(this.quoteLine, 'a quoted field is never closed (unterminated quote)');
    if (this.state !== 'start' || this.fields.length > 0) {
      this.fields.push(this.field);
      this.emit();
    }
  }

  private endField(c: number, rest: string, at: number): number {
    this.fields.push(this.field + rest);
    [this.field, this.state] = ['', 'start'];
    if (c !== COMMA) {
      this.emit();
      this.physicalLine++;
      this.recordLine = this.physicalLine;
      this.afterCr = c === CR;
    }
    return at + 1;
  }

  private emit(): void {
    const fields = this.fields;
    this.fields = [];
    if (fields.length === 1 && fields[0] === '') return; // a blank line
    this.onRecord(fields, this.recordLine);
  }
}
