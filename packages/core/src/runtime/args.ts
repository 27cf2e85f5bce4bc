/**
 * Encoding of an operation's args object with its schema.
 *
 * @module
 */
import * as Effect from "effect/Effect"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * Encodes `args` with `schema` and checks the result is an object (the args of every operation
 * are a struct). Fails with a readable description of the schema issue.
 */
export const encodeArgs = <Args>(
  schema: Schema.Codec<Args, unknown>,
  args: Args
): Effect.Effect<Readonly<Record<string, unknown>>, string> =>
  Schema.encodeUnknownEffect(schema)(args).pipe(
    Effect.mapError((error) => error.message),
    Effect.flatMap((encoded) =>
      Predicate.isObject(encoded) && !Array.isArray(encoded)
        ? Effect.succeed(encoded as Readonly<Record<string, unknown>>)
        : Effect.fail("arguments must encode to an object")
    )
  )
