/// The app's only stylesheet and script, served from the binary (no front-end build, nothing
/// fetched from elsewhere; the Content-Security-Policy allows only these).
enum StaticAssets {
    static let css = """
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232b;background:#f6f7f9}
        header{display:flex;gap:1em;align-items:center;padding:.5em 1em;background:#1f3a5f;color:#fff}
        header a.brand{color:#fff;font-weight:600;text-decoration:none;margin-right:auto}
        header .who{opacity:.85}
        header button{background:none;border:1px solid #fff6;color:#fff;border-radius:4px;cursor:pointer}
        main{padding:1em 1.5em;max-width:1500px;margin:auto}
        h1{font-size:1.4em;margin:.2em 0 .6em}
        h2{font-size:1.1em;margin:1em 0 .4em}
        table{border-collapse:collapse;background:#fff}
        td,th{border:1px solid #dde1e6;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#eef1f5}
        .inline{display:inline}
        .muted{color:#667}
        progress{width:140px;vertical-align:middle}
        .narrow{max-width:22em}
        .grading{display:grid;grid-template-columns:minmax(0,1.25fr) minmax(380px,1fr);gap:1.2em}
        .panel{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:.8em 1em;margin-bottom:1em}
        .files a{display:inline-block;margin:0 .6em .2em 0}
        .files a.current{font-weight:700}
        pre.source{margin:0;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;overflow:auto;max-height:75vh;background:#fbfbfc;white-space:pre-wrap;word-break:break-word}
        .grading section{min-width:0;overflow-x:auto}
        button.level.chosen kbd{color:#1d232b}
        button.level.chosen .muted{color:#dbe6ff}
        .panel table{max-width:100%}
        pre.source .ln{display:inline-block;width:3.5em;color:#99a;text-align:right;margin-right:1em;user-select:none}
        pre.source .hit{background:#fff2c4}
        .finding{display:block;margin-left:4.5em;color:#8a3b00;font-family:system-ui,sans-serif;font-size:12px}
        .criterion{border-left:4px solid transparent;padding-left:.6em;margin-bottom:1em}
        .criterion.active{border-left-color:#1f6feb}
        button.level{margin:.1em .2em .1em 0;padding:.3em .7em;border:1px solid #b8c0cc;border-radius:4px;background:#fff;cursor:pointer}
        button.level.chosen{background:#1f6feb;color:#fff;border-color:#1f6feb}
        button.bank{display:block;text-align:left;width:100%;margin:.15em 0;border:1px dashed #b8c0cc;background:#fafbfc;cursor:pointer}
        button.bank.chosen{border-style:solid;border-color:#1f6feb}
        kbd{font:11px ui-monospace,monospace;border:1px solid #b8c0cc;border-radius:3px;padding:0 .3em;background:#fff}
        textarea{width:100%;min-height:3.5em;font:inherit}
        .verdict{font-weight:700}
        .verdict.passed{color:#1a7f37}.verdict.failed{color:#cf222e}.verdict.provisional{color:#9a6700}
        .status-passed{color:#1a7f37}.status-failed,.status-error{color:#cf222e}.status-pending,.status-partial{color:#9a6700}
        .conflict{background:#fff8e6;border-color:#d4a72c}
        .error{color:#cf222e}
        .flags{border-left:3px solid #bf8700;background:#fff8c5;padding:.3rem .7rem;margin:.5rem 0}
        .rendered{border:1px solid #d0d7de;padding:.2rem 1rem;margin:.5rem 0;max-height:60vh;overflow:auto}
        .diagram table{border-collapse:collapse;margin:.3rem 1rem .3rem 0;display:inline-table;vertical-align:top}
        .diagram td,.diagram th{border:1px solid #d0d7de;padding:.1rem .4rem;font-size:.85rem}
        .keys{font-size:12px;color:#556}
        .anchor input{width:5em}
        .anchored{background:#eef4ff;border-left:3px solid #1f6feb;padding:.2em .5em;margin:.3em 0}
        @media (max-width:900px){.grading{grid-template-columns:1fr}}
        """

    /// Keyboard shortcuts on the grading page. They read `event.code` (the physical key), so
    /// digits, n, p and c sit in the same place on AZERTY, QWERTZ or Dvorak keyboards.
    static let javascript = """
        (function () {
          "use strict";
          function criteria() { return Array.prototype.slice.call(document.querySelectorAll(".criterion")); }
          function active() { return document.querySelector(".criterion.active") || criteria()[0]; }
          function activate(el) {
            criteria().forEach(function (c) { c.classList.toggle("active", c === el); });
            if (el) { el.scrollIntoView({ block: "nearest" }); }
          }
          function go(id) { var a = document.getElementById(id); if (a) { window.location.href = a.href; } }
          document.addEventListener("keydown", function (e) {
            var t = e.target;
            var typing = t && (t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
              (t.tagName === "INPUT" && t.type !== "submit" && t.type !== "button" && t.type !== "hidden"));
            if (typing) {
              if (e.code === "Escape") { t.blur(); }
              if (e.code === "Enter" && (e.ctrlKey || e.metaKey) && t.form) {
                e.preventDefault();
                var save = t.form.querySelector("button[name=action][value=comment]");
                if (save) { save.click(); } else { t.form.submit(); }
              }
              return;
            }
            if (e.ctrlKey || e.metaKey || e.altKey) { return; }
            var c = active();
            var digit = /^(Digit|Numpad)([1-9])$/.exec(e.code);
            if (digit && c) {
              var n = parseInt(digit[2], 10) - 1;
              var buttons = c.querySelectorAll(e.shiftKey ? "button.bank" : "button.level");
              if (buttons[n]) { e.preventDefault(); buttons[n].click(); }
              return;
            }
            switch (e.code) {
              case "KeyN": e.preventDefault(); go("next"); break;
              case "KeyP": e.preventDefault(); go("previous"); break;
              case "KeyC":
                if (c) { var area = c.querySelector("textarea"); if (area) { e.preventDefault(); area.focus(); } }
                break;
              case "KeyJ": case "ArrowDown": {
                var list = criteria(); var i = list.indexOf(c);
                if (i + 1 < list.length) { e.preventDefault(); activate(list[i + 1]); } break;
              }
              case "KeyK": case "ArrowUp": {
                var all = criteria(); var k = all.indexOf(c);
                if (k > 0) { e.preventDefault(); activate(all[k - 1]); } break;
              }
            }
          });
          criteria().forEach(function (c) { c.addEventListener("click", function () { activate(c); }); });
        })();
        """
}
