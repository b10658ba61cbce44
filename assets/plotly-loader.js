// dcc.Graph loads plotly.js when a graph first appears, unless window.Plotly exists, from window._dashPlotlyJSURL,
// which Dash's renderer sets to Dash's full plotly.min.js (1.47 MB gzipped). This pins that address to the app's
// partial bundle beside this file (0.91 MB gzipped; tools/plotly-bundle/README.md), which Dash serves but does not
// put in every page (assets_ignore in dashboard/shell.py): pages without a graph load no plotly.js at all.
(function () {
    var bundle = document.currentScript.src.replace(/plotly-loader\.js(\?.*)?$/, "plotly-cspmap.min.js");
    Object.defineProperty(window, "_dashPlotlyJSURL", {
        configurable: true,
        get: function () {
            return bundle;
        },
        set: function () {}, // the renderer's own address is ignored
    });
})();
