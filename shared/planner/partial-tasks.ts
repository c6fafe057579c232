/**
 * Finds the task objects that are already complete in a tool call's JSON as it streams
 * (`{"tasks": [{…}, {…}, {…` ), so each task can be shown the moment its closing brace arrives
 * rather than when the whole plan is done. Incremental: each chunk is scanned once.
 */
export class PartialTaskReader {
  private text = '';
  private pos = 0;
  private inString = false;
  private escaped = false;
  private depth = 0;
  /** Depth of the `tasks` array's elements once found (objects start at this depth). */
  private arrayDepth = -1;
  private objectStart = -1;
  private keyCandidate = '';
  private lastString = '';
  private stringStart = -1;

  /** Adds streamed JSON text; returns the raw JSON of each task object completed by it. */
  push(chunk: string): string[] {
    this.text += chunk;
    const done: string[] = [];
    for (; this.pos < this.text.length; this.pos++) {
      const c = this.text[this.pos]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') {
          this.inString = false;
          this.lastString = this.text.slice(this.stringStart + 1, this.pos);
        }
        continue;
      }
      if (c === '"') {
        this.inString = true;
        this.stringStart = this.pos;
      } else if (c === ':') {
        this.keyCandidate = this.lastString;
      } else if (c === '{' || c === '[') {
        this.depth++;
        if (c === '[' && this.arrayDepth < 0 && this.depth === 2 && this.keyCandidate === 'tasks') this.arrayDepth = this.depth + 1;
        if (c === '{' && this.depth === this.arrayDepth) this.objectStart = this.pos;
      } else if (c === '}' || c === ']') {
        if (c === '}' && this.depth === this.arrayDepth && this.objectStart >= 0) {
          done.push(this.text.slice(this.objectStart, this.pos + 1));
          this.objectStart = -1;
        }
        if (c === ']' && this.depth === this.arrayDepth - 1) this.arrayDepth = -2; // the array closed: nothing more to find
        this.depth--;
      } else if (c === ',') {
        this.keyCandidate = '';
      }
    }
    return done;
  }

  /** Everything received so far. */
  get json(): string {
    return this.text;
  }
}
