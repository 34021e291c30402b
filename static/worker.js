// The engine's Web Worker (src/engine.rs starts it): the wasm-bindgen glue, then the engine's wasm.
// If the engine cannot start, the page is told why instead of waiting for it.
importScripts('./triage-worker.js');
wasm_bindgen({ module_or_path: './triage-worker_bg.wasm' }).catch((error) => {
  postMessage(JSON.stringify({ Failed: String(error) }));
});
