export * from "./huiqi.js";

/** Nothing to initialise in Node (the module is compiled when imported); the
 * web build's `init` fetches and compiles the module. */
export default function init(module_or_path?: unknown): Promise<void>;

/** Nothing to initialise in Node. */
export function initSync(module?: unknown): void;
