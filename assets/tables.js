/* The buttons above every table (dashboard/components/tables.py): "Download CSV" and the "Columns" chooser;
 * and Tab out of a table.
 *
 * Both act on the grid through dash-ag-grid's API, so no Dash callback is needed per table. The CSV is made
 * safe for spreadsheets by the same rule as queries/spreadsheet_safety.py: a text cell starting with
 * = + - @ tab or carriage return gets a leading apostrophe; numbers stay numbers.
 */
(function () {
    "use strict";

    const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];

    function formulaSafeText(value) {
        if (typeof value === "string" && FORMULA_STARTS.some((start) => value.startsWith(start))) {
            return "'" + value;
        }
        return value;
    }
    window.cspmapFormulaSafeText = formulaSafeText;

    function gridApi(tableId) {
        return window.dash_ag_grid && window.dash_ag_grid.getApi ? window.dash_ag_grid.getApi(tableId) : null;
    }

    function downloadCsv(tableId, fileName) {
        const api = gridApi(tableId);
        if (!api) {
            return;
        }
        api.exportDataAsCsv({
            fileName: fileName,
            allColumns: true, // the columns hidden behind "Columns" too: the file is for working with
            // The raw value, not the on-screen format: 0.74 rather than "74%", 1024 rather than "1,024".
            processCellCallback: (params) => formulaSafeText(params.value),
            processHeaderCallback: (params) =>
                formulaSafeText(params.column.getColDef().headerName || params.column.getColId()),
        });
    }

    function fillColumnList(list) {
        const tableId = list.getAttribute("data-columns-of");
        const api = gridApi(tableId);
        if (!api) {
            return;
        }
        list.replaceChildren();
        const legend = document.createElement("legend");
        legend.textContent = "Show columns";
        list.appendChild(legend);
        api.getColumns().forEach((column) => {
            const id = `${tableId}-show-${column.getColId()}`;
            const label = document.createElement("label");
            const box = document.createElement("input");
            box.type = "checkbox";
            box.id = id;
            box.checked = column.isVisible();
            box.addEventListener("change", () => {
                api.setColumnsVisible([column.getColId()], box.checked);
                api.sizeColumnsToFit();
            });
            label.appendChild(box);
            label.appendChild(document.createTextNode(" " + (column.getColDef().headerName || column.getColId())));
            list.appendChild(label);
        });
    }

    // A table is one stop on the page's Tab path (arrow keys move between its cells, as in the ARIA grid
    // pattern). AG Grid lets Tab go, but Shift+Tab from a body cell can walk back up the rows one by one, so
    // Tab and Shift+Tab inside a table move straight to the control after or before it.
    const TABBABLE = "a[href], button:not([disabled]), input:not([disabled]):not([type='hidden']), select, " +
        "textarea, summary, [tabindex]";

    function tabbableOutsideGrids() {
        return Array.from(document.querySelectorAll(TABBABLE)).filter((element) => {
            if (element.tabIndex < 0 || element.closest(".ag-root-wrapper") || !element.getClientRects().length) {
                return false;
            }
            if (element.type === "radio" && !element.checked) {
                // The browser stops on the checked radio of a group only (or the first, when none is checked).
                const group = document.querySelectorAll(`input[type='radio'][name='${element.name}']`);
                return !Array.from(group).some((radio) => radio.checked) && group[0] === element;
            }
            return true;
        });
    }

    document.addEventListener(
        "keydown",
        (event) => {
            const grid = event.key === "Tab" && document.activeElement && document.activeElement.closest(".ag-root-wrapper");
            if (!grid) {
                return;
            }
            const outside = tabbableOutsideGrids();
            const target = event.shiftKey
                ? outside.filter((element) => element.compareDocumentPosition(grid) & Node.DOCUMENT_POSITION_FOLLOWING).pop()
                : outside.find((element) => element.compareDocumentPosition(grid) & Node.DOCUMENT_POSITION_PRECEDING);
            event.preventDefault();
            event.stopPropagation();
            if (target) {
                target.focus();
            } else {
                document.activeElement.blur();  // past the last control: as the browser would, leave the page's controls
            }
        },
        true
    );

    document.addEventListener("click", (event) => {
        const button = event.target.closest("[data-export-table]");
        if (button) {
            downloadCsv(button.getAttribute("data-export-table"), button.getAttribute("data-file-name"));
        }
    });

    // <details> fires "toggle" on itself only, so listen in the capture phase.
    document.addEventListener(
        "toggle",
        (event) => {
            const details = event.target;
            if (details.classList && details.classList.contains("column-chooser") && details.open) {
                const list = details.querySelector("[data-columns-of]");
                if (list) {
                    fillColumnList(list);
                }
            }
        },
        true
    );
})();
