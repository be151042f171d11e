/** Every token is this many ASCII characters, so content length tells how many tokens are on screen. */
export const TOKEN_CHARS = 6;

/**
 * `n` distinct tokens of `chars` characters each (default `TOKEN_CHARS`): `w0000 `, `w0001 `, …
 * (base 36); longer tokens are padded with letters before the trailing space.
 */
export function makeTokens(n: number, chars = TOKEN_CHARS): string[] {
  const filler = chars > TOKEN_CHARS ? 'abcdefghijklmnopqrstuvwxyz'.repeat(Math.ceil(chars / 26)).slice(0, chars - TOKEN_CHARS) : '';
  return Array.from({ length: n }, (_, i) => `w${i.toString(36).padStart(TOKEN_CHARS - 2, '0')}${filler} `);
}
