import { isObject, type Json, objectAt } from "../json.ts"
import { child } from "../pointer.ts"
import { compareGeneric, emit } from "./generic.ts"
import type { Diff } from "./types.ts"

/** OAuth2 scopes: a removed scope breaks callers holding only it, an added one does not. */
export const compareSecurityScheme = (
  d: Diff,
  a: Json | undefined,
  b: Json | undefined,
  pointer: string,
  name: string
): void => {
  if (!isObject(a) || !isObject(b)) {
    compareGeneric(d, a, b, pointer, {})
    return
  }
  const fa = objectAt(a, "flows") ?? {}
  const fb = objectAt(b, "flows") ?? {}
  for (const flow of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
    const at = child(pointer, "flows", flow)
    const xa = objectAt(fa, flow)
    const xb = objectAt(fb, flow)
    if (!xa || !xb) {
      compareGeneric(d, xa, xb, at, {})
      continue
    }
    const sa = objectAt(xa, "scopes") ?? {}
    const sb = objectAt(xb, "scopes") ?? {}
    const removed = Object.keys(sa).filter((s) => !Object.hasOwn(sb, s))
    const added = Object.keys(sb).filter((s) => !Object.hasOwn(sa, s))
    if (removed.length > 0) {
      emit(
        d,
        "breaking",
        "security-scope-removed",
        `security scheme ${name}: scope(s) removed: ${removed.join(", ")}`,
        child(at, "scopes"),
        "old",
        {}
      )
    }
    if (added.length > 0) {
      emit(
        d,
        "additive",
        "security-scope-added",
        `security scheme ${name}: scope(s) added: ${added.join(", ")}`,
        child(at, "scopes"),
        "new",
        {}
      )
    }
    for (const s of Object.keys(sa).filter((x) => Object.hasOwn(sb, x))) {
      compareGeneric(d, sa[s], sb[s], child(at, "scopes", s), {})
    }
    for (const k of new Set([...Object.keys(xa), ...Object.keys(xb)])) {
      if (k !== "scopes") compareGeneric(d, xa[k], xb[k], child(at, k), {})
    }
  }
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (k !== "flows") compareGeneric(d, a[k], b[k], child(pointer, k), {})
  }
}
