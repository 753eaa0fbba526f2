// Copies the browser builds of our npm dependencies into static/vendor/.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const files = {
  "htmx.min.js": "node_modules/htmx.org/dist/htmx.min.js",
  "htmx-ext-sse.min.js": "node_modules/htmx-ext-sse/dist/sse.min.js",
  "lightweight-charts.standalone.production.js":
    "node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js",
  "swagger-ui-bundle.js": "node_modules/swagger-ui-dist/swagger-ui-bundle.js",
  "swagger-ui.css": "node_modules/swagger-ui-dist/swagger-ui.css",
};

mkdirSync(join(root, "static", "vendor"), { recursive: true });
for (const [target, source] of Object.entries(files)) {
  copyFileSync(join(root, source), join(root, "static", "vendor", target));
}
console.log(`vendor: copied ${Object.keys(files).length} files`);
