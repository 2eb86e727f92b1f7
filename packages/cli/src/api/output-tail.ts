const LIMIT = 64 * 1024;

/** The last 64 KiB of a stream, kept so that a failing test can show what the tree said. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0]!.length >= LIMIT) this.size -= this.chunks.shift()!.length;
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - LIMIT)).toString("utf8");
  }
}
