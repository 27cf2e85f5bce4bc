/**
 * The versioning rule for spec-driven releases (RELEASING.md, "How a spec change maps to a
 * version bump"). One place, so spec:update, its tests and the docs cannot disagree.
 */

/** How `spec:diff` classifies a change between two documents, most severe first. */
export type ChangeLevel = "breaking" | "additive" | "docs-only"

/** A changesets bump type. */
export type Bump = "major" | "minor" | "patch"

const severity: Record<ChangeLevel, number> = { breaking: 2, additive: 1, "docs-only": 0 }

/** The most severe of several levels; `undefined` when there are none (nothing changed). */
export const mostSevere = (levels: Iterable<ChangeLevel>): ChangeLevel | undefined => {
  let worst: ChangeLevel | undefined
  for (const level of levels) {
    if (worst === undefined || severity[level] > severity[worst]) worst = level
  }
  return worst
}

const majorOf = (version: string): number => {
  const match = /^(\d+)\.\d+\.\d+/.exec(version)
  if (match === null) throw new Error(`not a semver version: ${JSON.stringify(version)}`)
  return Number(match[1])
}

/**
 * The bump a change of `level` gets when the packages are at `currentVersion`.
 *
 * From 1.0.0 on it is plain semver. Before 1.0.0 everything shifts down one digit, because npm's
 * caret range (`^0.4.0` = `>=0.4.0 <0.5.0`) makes the minor digit the compatibility boundary:
 * a breaking change must bump minor so `^0.4.0` users never receive it, and an additive change
 * bumps patch so they do.
 */
export const bumpFor = (level: ChangeLevel, currentVersion: string): Bump => {
  const preOne = majorOf(currentVersion) === 0
  switch (level) {
    case "breaking":
      return preOne ? "minor" : "major"
    case "additive":
      return preOne ? "patch" : "minor"
    case "docs-only":
      return "patch"
  }
}
