// `import ... from "huiqi"` in Node: the nodejs build (compiled and ready
// when imported), with the web build's default export, so that
// `await init()` reads the same in a page and in Node.
export * from "./huiqi.js";

/** Nothing to initialise in Node: the module is compiled when imported. */
export default async function init() {}

/** Nothing to initialise in Node: the module is compiled when imported. */
export function initSync() {}
