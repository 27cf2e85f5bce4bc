/**
 * Schema helpers the generated models need and Effect does not ship.
 *
 * @module
 */
import * as Schema from "effect/Schema"

/**
 * The schema returned by {@link OpenEnum}: decodes any string, typed as the known literals plus
 * any other string (`"a" | "b" | (string & {})`), so editors still suggest the known values.
 */
export interface OpenEnum<L extends ReadonlyArray<string>>
  extends Schema.Codec<L[number] | (string & {}), string> {}

/**
 * An enum that stays open: UltraCart adds values over time, and a client that rejected an
 * unknown value would break on a server upgrade. The known literals are kept for documentation
 * and type hints; decoding accepts every string.
 */
export const OpenEnum = <const L extends ReadonlyArray<string>>(literals: L): OpenEnum<L> =>
  Schema.Union([Schema.Literals(literals), Schema.String]).annotate({
    description: `One of ${literals.map((literal) => JSON.stringify(literal)).join(", ")}, or a value added later`
  })

/** A whole number (safe integer range). Non-integers are rejected. */
export const Integer = Schema.Int

/** A signed 32-bit integer. Out-of-range values are rejected, never wrapped or rounded. */
export const Int32 = Schema.Int.check(Schema.isBetween({ minimum: -2147483648, maximum: 2147483647 }))

/**
 * An int64 carried as a JavaScript number. Values outside the safe-integer range cannot be
 * represented exactly, so they are rejected instead of silently rounded.
 */
export const Int64 = Schema.Int.check(
  Schema.isBetween({ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER })
)

/**
 * For fields UltraCart leaves optional: it sometimes sends `null` where the spec says the field
 * is merely absent. Use as `Schema.optionalKey(Nullish(X))`.
 */
export const Nullish = <S extends Schema.Top>(schema: S): Schema.NullOr<S> => Schema.NullOr(schema)
