// The playground's additions to streamlit-ace's frontend (added to its index.html by
// playground/app/ace_component/__init__.py): a one-click Copy button, and the gutter tooltip kept
// inside the editor's frame. Nothing here reads or runs the payload: it copies the editor's text.
(function () {
  function editor() {
    var el = document.querySelector(".ace_editor");
    return el && el.env && el.env.editor;
  }
  function addCopy() {
    if (document.getElementById("pg-copy")) return;
    var ed = editor();
    if (!ed) { setTimeout(addCopy, 100); return; }
    var b = document.createElement("button");
    b.id = "pg-copy";
    b.type = "button";
    b.textContent = "Copy";
    b.title = "Copy the whole text";
    b.addEventListener("click", function () {
      var text = ed.getValue();
      var done = function () {
        b.textContent = "Copied";
        setTimeout(function () { b.textContent = "Copy"; }, 1500);
      };
      var fallback = function () {
        var t = document.createElement("textarea");
        t.value = text;
        document.body.appendChild(t);
        t.select();
        try { document.execCommand("copy"); done(); } catch (e) { b.textContent = "Press Ctrl+C"; }
        t.remove();
        ed.focus();
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
    document.body.appendChild(b);
  }
  function keepTooltipsInside() {
    var tips = document.querySelectorAll(".ace_tooltip");
    for (var i = 0; i < tips.length; i++) {
      var r = tips[i].getBoundingClientRect();
      if (r.width && (r.right > window.innerWidth || r.left < 0)) {
        tips[i].style.left = Math.max(0, window.innerWidth - r.width - 4) + "px";
      }
    }
  }
  new MutationObserver(keepTooltipsInside).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["style", "class"]
  });
  addCopy();
})();
