// Runs the page's islands, the only parts of it that act in the browser, once the browser is
// idle after showing the page: everything works as HTML before (forms post, links load), so
// nothing waits for the WebAssembly, and a page without islands does not load it at all.
// Leptos' own loader (`HydrationScripts islands`) does the same walk, but also preloads the
// WebAssembly with every page, which then competes with the page's own paint on a slow phone.
// When the islands have run, and the effects they started, <body> is marked `data-hydrated`.
(js, wasm) => {
  const ready = () => document.body.setAttribute("data-hydrated", "true");
  if (!document.querySelector("leptos-island")) {
    ready();
    return;
  }
  // An island's children may hold islands of their own; those run inside their parent's
  // context, which the parent hands over on its `leptos-children` element.
  const parents = [];
  async function walk(node, app) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (tag === "leptos-island") {
      const island = app[node.dataset.component];
      if (island) {
        parents.at(-1)?.();
        await island(node);
      } else {
        console.warn(`no island ${node.dataset.component} in the WebAssembly`);
      }
    }
    const isChildren = tag === "leptos-children";
    if (isChildren) parents.push(node.$$on_hydrate);
    for (const child of node.children) await walk(child, app);
    if (isChildren) parents.pop();
  }
  const start = () =>
    import(js)
      .then((app) => app.default({ module_or_path: wasm }).then(() => app.hydrate()).then(() => walk(document.body, app)))
      .then(() => setTimeout(ready));
  if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 2000 });
  else start();
}
