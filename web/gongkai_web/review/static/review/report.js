// The report page's source view: a link to a place in the source (a line of the text, a cell's mark on a
// PDF page) scrolls to it and makes it blink; the text view opens scrolled to its first marked line.
(function () {
  function show(id) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var details = el.closest("details");
    if (details) { details.open = true; }
    var box = el.closest("pre.source");
    if (box) { box.scrollTop = el.offsetTop - box.offsetTop - box.clientHeight / 3; }
    el.scrollIntoView({ block: "center" });
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href^='#']");
    if (!a) { return; }
    var id = a.getAttribute("href").slice(1);
    if (!/^(L\d+|M\d+-\d+|P\d+)$/.test(id)) { return; }
    e.preventDefault();
    history.replaceState(null, "", "#" + id);
    show(id);
  });
  var text = document.getElementById("source-text");
  var first = text && text.querySelector(".ln.marked");
  if (first) { text.scrollTop = first.offsetTop - text.offsetTop - text.clientHeight / 3; }
  if (location.hash.length > 1) { show(location.hash.slice(1)); }
})();
