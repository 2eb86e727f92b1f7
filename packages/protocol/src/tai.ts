/** A TAI64N instant as skalibs packs it: `sec` is the TAI64 label, `nano` 0..999999999. */
export interface Tain {
  readonly sec: bigint;
  readonly nano: number;
}

export const TAIN_PACK_SIZE = 12;

const TAI64_BASE = 1n << 62n;
// skalibs converts the system clock (UTC) to TAI through its leap-second
// table: 10 s at the TAI epoch plus the 27 leap seconds inserted until 2017.
// Supervision stamps are always recent, so the historical table is not needed.
const TAI_MINUS_UTC = 37n;
const TAI_OF_UNIX_EPOCH = TAI64_BASE + TAI_MINUS_UTC;
const NANO_PER_SEC = 1_000_000_000n;
const NANO_PER_MS = 1_000_000n;

export const TAIN_ZERO: Tain = Object.freeze({ sec: 0n, nano: 0 });

function fromTotalNanos(unixNanos: bigint): Tain {
  let sec = unixNanos / NANO_PER_SEC;
  let nano = unixNanos % NANO_PER_SEC;
  if (nano < 0n) {
    sec -= 1n;
    nano += NANO_PER_SEC;
  }
  return { sec: TAI_OF_UNIX_EPOCH + sec, nano: Number(nano) };
}

function toTotalNanos(t: Tain): bigint {
  return (t.sec - TAI_OF_UNIX_EPOCH) * NANO_PER_SEC + BigInt(t.nano);
}

// Date.now() at some instant, and the monotonic clock (process.hrtime) at the same instant.
let anchorMs = Date.now();
let anchorHr = process.hrtime();

/**
 * The wall clock to a fraction of a millisecond. s6 stamps in nanoseconds:
 * with Date.now() alone, a service that is up and ready within one
 * millisecond would get two equal stamps where s6 has two ordered ones. The
 * monotonic clock supplies the fraction; whenever the two clocks disagree by
 * a millisecond or more (the wall clock was set, or has drifted), the
 * estimate starts again from Date.now(). Computed in whole seconds and
 * nanoseconds, exactly, with one BigInt at the end: a supervisor stamps
 * several times per start and death.
 */
export function tainNow(): Tain {
  const [ds, dns] = process.hrtime(anchorHr);
  const wall = Date.now();
  const drift = anchorMs + ds * 1e3 + dns / 1e6 - wall;
  if (drift <= -1 || drift >= 1) {
    anchorMs = wall;
    anchorHr = process.hrtime();
    return fromUnixParts(wall, 0, 0);
  }
  return fromUnixParts(anchorMs, ds, dns);
}

/** `ms` (whole) after the Unix epoch, plus `sec` seconds and `nano` (below 1e9) nanoseconds. */
function fromUnixParts(ms: number, sec: number, nano: number): Tain {
  const msSec = Math.floor(ms / 1e3);
  let s = msSec + sec;
  let n = (ms - msSec * 1e3) * 1e6 + nano;
  if (n >= 1e9) {
    s += 1;
    n -= 1e9;
  }
  return { sec: TAI_OF_UNIX_EPOCH + BigInt(s), nano: n };
}

// Whole and fractional milliseconds apart: ms * 1e6 overflows a double's
// 53-bit mantissa for today's dates.
function msToNanos(ms: number): bigint {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite number of ms: ${ms}`);
  const whole = Math.floor(ms);
  return BigInt(whole) * NANO_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
}

export function tainFromUnixMs(ms: number): Tain {
  return fromTotalNanos(msToNanos(ms));
}

export function tainToUnixMs(t: Tain): number {
  const nanos = toTotalNanos(t);
  return Number(nanos / NANO_PER_MS) + Number(nanos % NANO_PER_MS) / 1e6;
}

export function tainCompare(a: Tain, b: Tain): number {
  if (a.sec !== b.sec) return a.sec < b.sec ? -1 : 1;
  if (a.nano !== b.nano) return a.nano < b.nano ? -1 : 1;
  return 0;
}

/** Big-endian seconds then nanoseconds; writes into `buf` at `offset` when given. */
export function tainPack(t: Tain, buf: Buffer = Buffer.alloc(TAIN_PACK_SIZE), offset = 0): Buffer {
  buf.writeBigUInt64BE(t.sec, offset);
  buf.writeUInt32BE(t.nano, offset + 8);
  return buf;
}

export function tainUnpack(buf: Buffer, offset = 0): Tain {
  if (buf.length < offset + TAIN_PACK_SIZE)
    throw new RangeError(`TAI64N needs ${TAIN_PACK_SIZE} bytes at offset ${offset}, buffer has ${buf.length}`);
  return { sec: buf.readBigUInt64BE(offset), nano: buf.readUInt32BE(offset + 8) };
}

/** The form s6-svstat -o updownsince and s6-ftrig fifo names use. */
export function tainToText(t: Tain): string {
  return "@" + tainPack(t).toString("hex");
}

const TEXT_FORM = /^@[0-9a-fA-F]{24}$/;

export function tainFromText(s: string): Tain {
  if (!TEXT_FORM.test(s))
    throw new Error(`invalid TAI64N label ${JSON.stringify(s)}: expected "@" followed by 24 hexadecimal digits`);
  return tainUnpack(Buffer.from(s.slice(1), "hex"));
}
