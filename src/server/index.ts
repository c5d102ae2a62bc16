/**
 * src/server: `serve`'s HTTP side (issue 13): the REST API on Fastify, its
 * OpenAPI document, server-sent events, the dashboard's static files.
 */
export { createApiServer, isLoopback, tokenMatches, TokenRequiredError, type ApiEngine, type ApiServer, type ApiServerOptions, type ApiStore } from './app.ts';
export { AlertState, parseDurationMs, type Silence } from './alert-state.ts';
export { openApiDocument } from './openapi.ts';
export { ROUTES, SCHEMAS } from './schemas.ts';
