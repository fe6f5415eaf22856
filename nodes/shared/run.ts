/**
 * How an operation runs, on either of n8n's two roads: the node's `customOperations` (custom.ts,
 * the usual one) and n8n's routing engine (routing.ts, for AI Agent tools). One import for nodes.
 */
export { customOperations } from './custom';
export { alreadyDoneOption, rateLimitOptions } from './options';
export type { NodeApi } from './profile';
export { routingSender } from './routing';
