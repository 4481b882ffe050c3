/** A use case either succeeds or refuses with a message the person can act on. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const refuse = (message: string): { ok: false; message: string } => ({ ok: false, message });
