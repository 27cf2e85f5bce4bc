/**
 * The few Deno globals this package uses, declared here so `tsc` can check it without fetching
 * Deno's own lib (`deno check` / `deno test` use the real `lib.deno.ns.d.ts` instead: this file
 * is never imported, only listed in the tsconfig files).
 */
declare namespace Deno {
  /** Environment access; throws `Deno.errors.NotCapable` without `--allow-env`. */
  export const env: {
    get(key: string): string | undefined
    set(key: string, value: string): void
    delete(key: string): void
  }

  /** Reads a whole file; throws `Deno.errors.NotCapable` without `--allow-read`. */
  export function readFile(path: string | URL, options?: { signal?: AbortSignal }): Promise<Uint8Array>

  export namespace errors {
    /** A `--allow-*` flag was not given (Deno 2). */
    export class NotCapable extends Error {}
    /** The OS refused the operation (and, before Deno 2, a missing permission flag). */
    export class PermissionDenied extends Error {}
    export class NotFound extends Error {}
  }

  export interface TestPermissions {
    env?: boolean | "inherit"
    read?: boolean | "inherit"
    net?: boolean | "inherit"
  }

  export interface TestDefinition {
    name: string
    fn: () => void | Promise<void>
    permissions?: TestPermissions
    sanitizeOps?: boolean
    sanitizeResources?: boolean
  }

  export function test(definition: TestDefinition): void
  export function test(name: string, fn: () => void | Promise<void>): void
}
