// Build assets/plotly-cspmap.min.js: plotly.js's core (which holds the scatter trace) and only the other traces the
// dashboard draws, minified, defining window.Plotly; assets/plotly-loader.js has dcc.Graph fetch it instead of Dash's
// full plotly.min.js. Run `npm ci && npm run build` in this folder (see README.md).
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { minify } from 'terser';

// Every trace type the dashboard draws besides scatter, which plotly.js's core always holds.
const TRACES = ['bar', 'choroplethmap', 'densitymap', 'scattermap'];

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', '..', 'assets', 'plotly-cspmap.min.js');
const version = createRequire(import.meta.url)('plotly.js/package.json').version;

const entry = [
    "var Plotly = require('plotly.js/lib/core');",
    `Plotly.register([${TRACES.map((name) => `require('plotly.js/lib/${name}')`).join(', ')}]);`,
    'module.exports = Plotly;',
].join('\n');

// plotly.js imports MapLibre's stylesheet from JavaScript; as in plotly.js's own build, it becomes a <style> element.
const inlineCss = {
    name: 'inline-css',
    setup(build) {
        build.onLoad({ filter: /\.css$/ }, async (args) => {
            const css = await esbuild.transform(await readFile(args.path, 'utf8'), { loader: 'css', minify: true });
            const contents =
                'var style = document.createElement("style");' +
                `style.textContent = ${JSON.stringify(css.code)};` +
                'document.head.appendChild(style);';
            return { contents, loader: 'js' };
        });
    },
};

const built = await esbuild.build({
    stdin: { contents: entry, resolveDir: here, sourcefile: 'plotly-cspmap-entry.js' },
    bundle: true,
    format: 'iife',
    globalName: 'Plotly',
    minify: true,
    target: 'es2016',
    legalComments: 'eof',
    plugins: [inlineCss],
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    write: false,
    logLevel: 'warning',
});
// tests/unit/test_plotly_bundle.py reads the trace list from this first line.
const traces = ['scatter', ...TRACES].sort().join(' ');
const banner =
    `/*! plotly.js v${version} partial bundle for cspmap; traces: ${traces}; MIT (plotly.js), BSD-3-Clause` +
    ' (MapLibre GL JS), licences of the bundled code at the end. Rebuild: tools/plotly-bundle/README.md */\n';
// terser's two compress passes after esbuild's minifier: 24 KB less over the wire (brotli), the same code.
const smaller = await minify(built.outputFiles[0].text, { compress: { passes: 2 }, mangle: true, format: { comments: 'some' } });
await writeFile(out, banner + smaller.code + '\n');
console.log(`wrote ${path.relative(process.cwd(), out)}`);
