// The app's own browser code. The layout loads it deferred, after htmx and before Alpine, so the
// components below are registered by the time Alpine starts.
//
// Alpine is the CSP build: it cannot evaluate JavaScript expressions, so markup names a property
// or a method and nothing more (x-show="open", x-on:click="toggle", never "open = !open").
// Alpine watches the DOM, so components in content that htmx swaps in start by themselves.

document.addEventListener("alpine:init", () => {
  // navToggle opens and closes the navigation on small screens:
  //   <nav x-data="navToggle">
  //     <button x-on:click="toggle" x-bind:aria-expanded="isOpen">Menu</button>
  //     <ul x-show="isOpen" x-on:keydown.escape="close">…</ul>
  window.Alpine.data("navToggle", () => ({
    open: false,
    get isOpen() {
      return this.open;
    },
    toggle() {
      this.open = !this.open;
    },
    close() {
      this.open = false;
    },
  }));
});

// When a swap brings an element whose id is already on the page (#nav-links after a boosted
// navigation), htmx gives it the old element's style attribute and puts the server's back 20 ms
// later. That undoes what x-show has set meanwhile (a closed menu shows), and writing a style
// attribute is an inline style that the CSP reports. Alpine owns inline styles here.
window.htmx.config.attributesToSettle = ["class", "width", "height"];

// Boosted navigation merges each response's <head> into the page (htmx head-support), matching
// elements by their HTML. Every response carries a new CSP nonce, and the browser blanks the
// nonce of scripts already in the page, so the same <script> never matches: head-support would
// append and run htmx, Alpine and this file a second time. Scripts run once per page load, so
// a script whose src is already in the page is neither added again nor removed.
document.addEventListener("htmx:addingHeadElement", (event) => {
  const script = event.detail.headElement.querySelector?.("script[src]");
  if (script && loadedScript(script.src)) {
    event.preventDefault();
  }
});

document.addEventListener("htmx:removingHeadElement", (event) => {
  if (event.detail.headElement instanceof HTMLScriptElement) {
    event.preventDefault();
  }
});

function loadedScript(src) {
  return Array.from(document.scripts).some((script) => script.src === src);
}
