/** Rule output and the internal state of one diff run. */
import type { JsonObject } from "../json.ts"

/** How a change affects users of the generated client. */
export type ChangeKind = "breaking" | "additive" | "docs"

/** The semver bump a set of changes implies. */
export type Bump = "major" | "minor" | "patch" | "none"

/** One classified difference between two documents. */
export interface Change {
  readonly kind: ChangeKind
  /** Stable rule id (see spec/README.md), e.g. `parameter-removed`. */
  readonly rule: string
  /** One human sentence. */
  readonly message: string
  /** JSON pointer of the changed node, in the document named by `side`. */
  readonly pointer: string
  /** `old` for removals (the node only exists there), `new` otherwise. */
  readonly side: "old" | "new"
  readonly operationId?: string
  /** Component schema name, when the change is inside `components/schemas`. */
  readonly schema?: string
  /** Property name, for field changes. */
  readonly field?: string
  /** Parameter name and location, for parameter changes. */
  readonly parameter?: { readonly name: string; readonly in: string }
  /** Response status, for response changes. */
  readonly status?: string
}

/** Result of `diffDocuments`. */
export interface DiffReport {
  readonly bump: Bump
  readonly counts: { readonly breaking: number; readonly additive: number; readonly docs: number }
  readonly changes: ReadonlyArray<Change>
}

/** Where a schema is used: in what clients send, or in what they decode. */
export type Direction = "request" | "response"
/** The names a change carries (operationId, schema, field, parameter, status). */
export type Context = Omit<Change, "kind" | "rule" | "message" | "pointer" | "side">

/** One diff run: both documents and the changes found so far. */
export interface Diff {
  readonly oldDoc: JsonObject
  readonly newDoc: JsonObject
  readonly changes: Array<Change>
}
