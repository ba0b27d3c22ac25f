// For front-end work without rebuilding recod (which embeds assets/ at build time): serves
// assets/ from the work tree the way recod does (/demo and /dashboard aliases included) and
// passes every other request to a running recod, keeping the Host header so that the
// links in recommendation answers point back here.
//
//   node tests/browser/serve-assets.mjs [PORT=8090] [RECOD=http://127.0.0.1:8080]
//   then open http://127.0.0.1:8090/demo
//
// Development only: loopback, no caching, no security beyond staying inside assets/.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../assets");
const port = Number(process.argv[2] || 8090);
const upstream = new URL(process.argv[3] || "http://127.0.0.1:8080");
const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml", ".png": "image/png",
};
const ALIASES = { "/demo": "/demo/index.html", "/demo/": "/demo/index.html",
  "/dashboard": "/dashboard/index.html", "/dashboard/": "/dashboard/index.html" };

function decode(p) {
  try {
    return decodeURIComponent(p);
  } catch (e) {
    return p; // malformed escapes: no such file, so it goes to recod
  }
}

http.createServer((req, res) => {
  const { pathname } = new URL(req.url, "http://localhost");
  const file = path.join(ROOT, path.normalize(ALIASES[pathname] || decode(pathname)));
  if (file.startsWith(ROOT + path.sep) && fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream", "Cache-Control": "no-store" });
    fs.createReadStream(file).pipe(res);
    return;
  }
  const proxied = http.request({ host: upstream.hostname, port: upstream.port || 80, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
  proxied.on("error", (e) => {
    res.writeHead(502, { "Content-Type": "text/plain" });
    res.end(`recod at ${upstream.origin} is not reachable: ${e.message}`);
  });
  req.pipe(proxied);
}).listen(port, "127.0.0.1", () => {
  console.log(`assets of ${ROOT} on http://127.0.0.1:${port}/demo, everything else from ${upstream.origin}`);
});
