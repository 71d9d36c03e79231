// The key-value store's value for one user: a profile in a few bytes per cluster. Layout (little endian):
// u8 format, u32 model, u32 computedAt, varint clusters, then per cluster varint medoid, f32 importance,
// varint members, varint (computedAt − lastTime) in seconds.
import { UsersError, UsersErrorCode } from '../users.errors.ts';
import type { InterestCluster, UserProfile } from './user-profile.ts';

export const PROFILE_FORMAT = 1;

export function encodeProfile(profile: UserProfile): Uint8Array {
  const out: number[] = [PROFILE_FORMAT];
  const u32 = (v: number): void => {
    const x = Math.max(0, Math.min(0xffffffff, Math.round(v))) >>> 0;
    out.push(x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, x >>> 24);
  };
  const varint = (v: number): void => {
    let x = Math.max(0, Math.round(v));
    while (x >= 0x80) {
      out.push((x % 0x80) | 0x80);
      x = Math.floor(x / 0x80);
    }
    out.push(x);
  };
  const f32 = new Uint8Array(new Float32Array(1).buffer);
  const f32view = new Float32Array(f32.buffer);
  u32(profile.model);
  u32(profile.computedAt);
  varint(profile.clusters.length);
  for (const c of profile.clusters) {
    varint(c.medoid);
    f32view[0] = c.importance;
    out.push(f32[0]!, f32[1]!, f32[2]!, f32[3]!);
    varint(c.members);
    varint(profile.computedAt - c.lastTime);
  }
  return Uint8Array.from(out);
}

export function decodeProfile(bytes: Uint8Array): UserProfile {
  let at = 0;
  const corrupt = (why: string): UsersError =>
    new UsersError(UsersErrorCode.CorruptProfile, `profile bytes: ${why} at offset ${at}`);
  const need = (n: number): void => {
    if (at + n > bytes.length) throw corrupt('truncated');
  };
  need(1);
  if (bytes[at++] !== PROFILE_FORMAT) throw corrupt(`unknown format ${bytes[0]}`);
  const u32 = (): number => {
    need(4);
    const v = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
    at += 4;
    return v;
  };
  const varint = (): number => {
    let v = 0;
    let scale = 1;
    for (let shift = 0; ; shift += 7) {
      need(1);
      if (shift > 49) throw corrupt('varint too long');
      const byte = bytes[at++]!;
      v += (byte & 0x7f) * scale;
      scale *= 0x80;
      if (byte < 0x80) return v;
    }
  };
  const f32 = new Float32Array(1);
  const f32bytes = new Uint8Array(f32.buffer);
  const model = u32();
  const computedAt = u32();
  const count = varint();
  const clusters: InterestCluster[] = [];
  for (let c = 0; c < count; c++) {
    const medoid = varint();
    need(4);
    f32bytes.set(bytes.subarray(at, at + 4));
    at += 4;
    const members = varint();
    const age = varint();
    clusters.push({ medoid, importance: f32[0]!, members, lastTime: computedAt - age });
  }
  if (at !== bytes.length) throw corrupt('trailing bytes');
  return { model, computedAt, clusters };
}
