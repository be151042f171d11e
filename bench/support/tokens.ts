/** Every token is this many ASCII characters, so content length tells how many tokens are on screen. */
export const TOKEN_CHARS = 6;

/** `n` distinct tokens of `TOKEN_CHARS` characters each: `w0000 `, `w0001 `, … (base 36). */
export function makeTokens(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `w${i.toString(36).padStart(TOKEN_CHARS - 2, '0')} `);
}
