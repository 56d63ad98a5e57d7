// Imported first by split-worker.mjs, so that it counts the wasm the package instantiates at
// startup too (ES modules evaluate in import order).
import { countWasm } from '../js/split-scenarios.mjs';

export const counts = countWasm();
