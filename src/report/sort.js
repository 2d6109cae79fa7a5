// Click a column header to sort the table by it (numbers numerically, text as text).
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var column = th.cellIndex;
    var table = th.closest("table");
    var body = table.tBodies[0];
    var ascending = !th.classList.contains("sorted-asc");
    table.querySelectorAll("th").forEach(function (h) { h.classList.remove("sorted-asc", "sorted-desc"); });
    th.classList.add(ascending ? "sorted-asc" : "sorted-desc");
    var key = function (row) {
      var text = row.cells[column] ? row.cells[column].textContent.trim() : "";
      var number = parseFloat(text.replace("−", "-"));
      return isNaN(number) ? text : number;
    };
    Array.from(body.rows)
      .sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      })
      .forEach(function (row) { body.appendChild(row); });
  });
});
