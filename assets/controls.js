/* Repairs to the markup of Dash 4's radio items, checklists and dropdowns, for screen readers and the keyboard.
 *
 * Dash 4 draws radio buttons and checkboxes inside role="listbox" / role="option" elements: a listbox may not
 * hold focusable inputs (axe: nested-interactive, aria-input-field-name), and the real inputs already say what
 * they are. So those roles are removed, and each group is named by its visible label through the
 * role="group" wrapper that dashboard/components/controls.py puts round it.
 *
 * Dash 4's dropdown takes Tab focus on a hidden, aria-hidden proxy input that forwards focus to the real
 * button (axe: aria-hidden-focus). The button itself is put in the Tab order instead, and its name starts with
 * the control's visible label ("Months: All months") rather than only its value.
 *
 * React leaves attributes it did not change alone, so a MutationObserver re-applies these after each redraw.
 */
(function () {
    "use strict";

    function repairOptionLists(root) {
        root.querySelectorAll(".dash-options-list[role='listbox']").forEach((list) => list.removeAttribute("role"));
        root.querySelectorAll(".dash-options-list-option[role='option']").forEach((option) => {
            option.removeAttribute("role");
            option.removeAttribute("aria-selected");
        });
        root.querySelectorAll(".dash-options-list-option[aria-selected]").forEach((option) =>
            option.removeAttribute("aria-selected")
        );
    }

    function repairDropdowns(root) {
        root.querySelectorAll(".dash-dropdown-focus-target").forEach((proxy) => {
            if (proxy.getAttribute("tabindex") !== "-1") {
                proxy.setAttribute("tabindex", "-1");
            }
        });
        root.querySelectorAll("button.dash-dropdown").forEach((button) => {
            if (button.getAttribute("tabindex") !== "0" && !button.disabled) {
                button.setAttribute("tabindex", "0");
            }
            const label = button.id && document.getElementById(button.id + "-label");
            const named = button.getAttribute("aria-labelledby") || "";
            if (label && !named.split(" ").includes(label.id)) {
                button.setAttribute("aria-labelledby", (label.id + " " + named).trim());
            }
        });
    }

    function repair() {
        repairOptionLists(document);
        repairDropdowns(document);
    }

    let scheduled = false;
    const observer = new MutationObserver(() => {
        if (!scheduled) {
            scheduled = true;
            // After React's commit, before the next paint: one pass however many nodes changed.
            requestAnimationFrame(() => {
                scheduled = false;
                repair();
            });
        }
    });

    function start() {
        repair();
        observer.observe(document.body, {
            subtree: true,
            childList: true,
            attributes: true,
            attributeFilter: ["role", "aria-selected", "tabindex", "aria-labelledby"],
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
