/**
 * The document metadata used when the caller gives none: the generated ConversationApi's
 * (base URL https://secure.ultracart.com/rest/v2, `X-UltraCart-Api-Version: 2017-03-01`,
 * error header `UC-REST-ERROR`).
 *
 * @module
 */
export { apiMetadata as conversationApiDefaults } from "../generated/metadata.gen.ts"
