/**
 * `fn` worked out once per key for as long as the returned function is kept: for what many rows
 * share within one job (an export's prescriptions and dates, a DM's teams, a tick batch's squads).
 * `keyOf` names the key when the argument is bigger than what the answer depends on.
 */
export function memoize<A, V, K = A>(fn: (arg: A) => V, keyOf: (arg: A) => K = (arg) => arg as unknown as K): (arg: A) => V {
  const seen = new Map<K, V>();
  return (arg) => {
    const key = keyOf(arg);
    if (seen.has(key)) return seen.get(key)!;
    const value = fn(arg);
    seen.set(key, value);
    return value;
  };
}
