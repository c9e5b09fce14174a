// Stands in for react-style-singleton's stylesheetSingleton, which the dialogs (Radix, through
// react-remove-scroll) use to stop the page scrolling behind them. The original writes a <style>
// element, which the page's policy (style-src 'self') blocks; this adopts a constructed style
// sheet instead, which the policy does not govern, with the same first-in, last-out counting.
export function stylesheetSingleton() {
  let counter = 0;
  let sheet = null;
  return {
    add(css) {
      if (counter === 0) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      }
      counter++;
    },
    remove() {
      counter--;
      if (!counter && sheet) {
        const gone = sheet;
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== gone);
        sheet = null;
      }
    },
  };
}
