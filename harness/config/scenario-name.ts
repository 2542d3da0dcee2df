/**
 * Longest scenario name. The run id is `<16-character UTC stamp>-<name>-<4 hex>`, and names the run
 * folder (NAME_MAX is 255 bytes) and, with a cell id and a role after it, every container and network of
 * the run (docker-labels.ts cuts those at 200 characters, which would make names collide). 64 keeps a
 * run id to 86 characters, clear of both.
 */
export const MAX_SCENARIO_NAME_CHARS = 64;
