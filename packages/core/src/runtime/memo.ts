/**
 * Values derived from an object that usually lives as long as the runtime (an operation
 * definition, a retry policy, a context reference's value), built on first use and cached by that
 * object's identity, so the per-request path looks them up instead of rebuilding them.
 *
 * @module
 */

/** `derive`, cached per key object (weakly, so keys can still be collected). */
export const memoizeByIdentity = <K extends object, V>(derive: (key: K) => V): ((key: K) => V) => {
  const cache = new WeakMap<K, V>()
  return (key) => {
    if (cache.has(key)) return cache.get(key) as V
    const value = derive(key)
    cache.set(key, value)
    return value
  }
}
