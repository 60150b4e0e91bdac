import { createHash } from 'node:crypto';

/** A text's length and SHA-1: to know a text seen before without keeping it. */
export function textDigest(text: string): string {
  return `${text.length}:${createHash('sha1').update(text).digest('base64')}`;
}
