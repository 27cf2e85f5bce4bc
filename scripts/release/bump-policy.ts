/**
 * The versioning rule for spec-driven releases (RELEASING.md, "How a spec change maps to a
 * version bump"). One place, so spec:update, its tests and the docs cannot disagree.
 */

/** A changesets bump type. */
export type Bump = "major" | "minor" | "patch"

/**
 * The bump `spec:diff` implies, in plain semver terms: breaking → major, additive → minor,
 * docs-only → patch, nothing → none (spec/src/diff.ts `impliedBump`).
 */
export type ImpliedBump = Bump | "none"

const majorOf = (version: string): number => {
  const match = /^(\d+)\.\d+\.\d+/.exec(version)
  if (match === null) throw new Error(`not a semver version: ${JSON.stringify(version)}`)
  return Number(match[1])
}

/**
 * The changeset bump for a spec change whose plain-semver bump is `implied`, when the packages are
 * at `currentVersion`; `undefined` when nothing changed.
 *
 * From 1.0.0 on it is `implied` itself. Before 1.0.0 everything shifts down one digit, because
 * npm's caret range (`^0.4.0` = `>=0.4.0 <0.5.0`) makes the minor digit the compatibility
 * boundary: a breaking change must bump minor so `^0.4.0` users never receive it, and an
 * additive change bumps patch so they do.
 */
export const changesetBump = (implied: ImpliedBump, currentVersion: string): Bump | undefined => {
  if (implied === "none") return undefined
  if (majorOf(currentVersion) > 0) return implied
  return implied === "major" ? "minor" : "patch"
}
