/**
 * The error a Deno program gets when it was started without a permission this adapter needs.
 *
 * @module
 */
import type * as Cause from "effect/Cause"
import * as Schema from "effect/Schema"

// Spelled out (rather than inferred) so JSR's fast check can type the public class.
const fields: {
  readonly message: Schema.String
  readonly flag: Schema.Literals<readonly ["--allow-env", "--allow-read"]>
  readonly resource: Schema.String
} = {
  message: Schema.String,
  /** The command-line flag that grants the permission. */
  flag: Schema.Literals(["--allow-env", "--allow-read"]),
  /** The environment variable or file path that was refused. */
  resource: Schema.String
}

const Base: Schema.Class<
  DenoPermissionError,
  Schema.TaggedStruct<"DenoPermissionError", typeof fields>,
  Cause.YieldableError
> = Schema.TaggedError<DenoPermissionError>()("DenoPermissionError", fields)

/**
 * Deno refused an operation because a permission flag is missing: `--allow-env` for reading
 * `ULTRACART_*` configuration, `--allow-read` for reading a file to upload. The message names the
 * flag to add; `resource` is the variable or path that was refused.
 */
export class DenoPermissionError extends Base {}

/** Whether `error` is Deno refusing a permission (Deno 2 throws NotCapable; older ones PermissionDenied). */
export const isPermissionRefusal = (error: unknown): boolean =>
  error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied

/** The error for a refused environment variable. */
export const envRefused = (variable: string): DenoPermissionError =>
  new DenoPermissionError({
    message: `Deno needs --allow-env to read ${variable} (run with --allow-env or --allow-env=ULTRACART_SIMPLE_KEY,ULTRACART_OAUTH_TOKEN,ULTRACART_BASE_URL)`,
    flag: "--allow-env",
    resource: variable
  })

/** The error for a refused file read. */
export const readRefused = (path: string): DenoPermissionError =>
  new DenoPermissionError({
    message: `Deno needs --allow-read to read ${path} (run with --allow-read or --allow-read=${path})`,
    flag: "--allow-read",
    resource: path
  })
