/* The "Menu" button that shows and hides the navigation on narrow screens (assets/style.css hides the links
 * below 720 px until it is pressed), and the skip link, which moves the keyboard focus to the page itself
 * (done here rather than by the #main-content fragment, which Dash's router may handle as navigation). */
(function () {
    "use strict";
    document.addEventListener("click", (event) => {
        const skip = event.target.closest(".skip-link");
        if (skip) {
            event.preventDefault();
            document.getElementById(skip.getAttribute("href").slice(1)).focus();
            return;
        }
        const toggle = event.target.closest(".nav-toggle");
        if (toggle) {
            const open = toggle.getAttribute("aria-expanded") !== "true";
            toggle.setAttribute("aria-expanded", String(open));
            document.getElementById(toggle.getAttribute("aria-controls")).classList.toggle("open", open);
            return;
        }
        // Following a link closes the menu again, as a new page would.
        if (event.target.closest(".shell-nav a")) {
            const button = document.querySelector(".nav-toggle");
            if (button && button.getAttribute("aria-expanded") === "true") {
                button.setAttribute("aria-expanded", "false");
                document.getElementById(button.getAttribute("aria-controls")).classList.remove("open");
            }
        }
    });
})();
