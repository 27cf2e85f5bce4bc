// swagger2openapi ships no types; only the function the parser uses is declared.
declare module "swagger2openapi" {
  interface ConvertOptions {
    readonly patch?: boolean
    readonly warnOnly?: boolean
    readonly resolve?: boolean
  }
  interface ConvertResult {
    readonly openapi: Record<string, unknown>
  }
  export function convertObj(swagger: unknown, options: ConvertOptions): Promise<ConvertResult>
}
