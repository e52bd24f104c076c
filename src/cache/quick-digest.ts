// A 128-bit digest of a string that costs almost nothing to compute in a process that has just
// started: four 32-bit multiply-xor lanes over the UTF-16 code units, each finished with
// MurmurHash3's avalanche. Not cryptographic: it tells whether the environment of a `lint --cache`
// run is the one recorded (src/cache/invocation.ts), as a digest, so no value of it is written.
// node:crypto would cost that path more than everything else it does but the stat calls: loading
// it is ~15 M instructions, SHA-256 written in JavaScript more (V8 optimises its loop mid-run);
// this is ~1 M for a few kilobytes.

const fmix = (h: number) => {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

const hex = (h: number) => h.toString(16).padStart(8, '0');

/** 32 hex digits. */
export function quickDigest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  let c = 0x85ebca6b;
  let d = 0xc2b2ae35;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    c = Math.imul((c ^ unit) + i, 0xcc9e2d51);
    d = Math.imul(d ^ unit ^ (d >>> 15), 0x1b873593);
  }
  const length = text.length;
  return hex(fmix(a ^ length)) + hex(fmix(b ^ a)) + hex(fmix(c ^ b)) + hex(fmix(d ^ c));
}
