/**
 * This package's version, for the default `User-Agent`. Source carries the placeholder below;
 * the build (`scripts/stamp-version.ts`, after `tsc`) writes package.json's `version` into
 * `dist/runtime/version.js`, so a released client names its release without any file in source
 * being edited by a release (and `uc-generate --check` is not involved).
 *
 * @module
 */

/** This package's version: package.json's in the built package; `0.0.0-source` run from source. */
export const packageVersion: string = "0.0.0-source"
