// 乡贤通: small enhancements shared by every page. Pages work without it.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // The menu folds away on phones behind the 菜单 button.
  var toggle = document.getElementById('menu-toggle');
  var nav = document.getElementById('nav');
  if (toggle && nav) {
    nav.classList.add('collapsed');
    toggle.addEventListener('click', function () {
      var open = !nav.classList.toggle('collapsed');
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
  }

  // A refused form: bring the first field with a message into view and focus,
  // so the clerk sees what to fix without hunting down the page.
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid && invalid.focus) {
    invalid.focus();
    if (invalid.scrollIntoView) { invalid.scrollIntoView({ block: 'center' }); }
  }

  // 打印 buttons: the print stylesheet leaves only the list or the form itself.
  var printers = document.querySelectorAll('[data-print]');
  for (var p = 0; p < printers.length; p++) {
    printers[p].hidden = false;
    printers[p].addEventListener('click', function () { window.print(); });
  }

  // 全选: a box marked data-check-all ticks every box of its form (named by data-check-all)
  // on this page, and follows them when they are ticked one by one.
  var alls = document.querySelectorAll('[data-check-all]');
  for (var a = 0; a < alls.length; a++) {
    (function (all) {
      var boxes = document.querySelectorAll('input[type=checkbox][form="' + all.getAttribute('data-check-all') + '"]');
      var counter = document.getElementById(all.getAttribute('data-counter') || '');
      var sync = function () {
        var n = 0;
        for (var i = 0; i < boxes.length; i++) { if (boxes[i].checked) { n++; } }
        all.checked = n > 0 && n === boxes.length;
        all.indeterminate = n > 0 && n < boxes.length;
        if (counter) { counter.textContent = n ? '已选 ' + n + ' 人' : ''; }
      };
      all.hidden = false;
      all.addEventListener('change', function () {
        for (var i = 0; i < boxes.length; i++) { boxes[i].checked = all.checked; }
        sync();
      });
      for (var i = 0; i < boxes.length; i++) { boxes[i].addEventListener('change', sync); }
      sync();
    })(alls[a]);
  }

  // Forms marked data-confirm ask before deleting or disabling something.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form && form.getAttribute && form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
      return;
    }
    // Forms marked data-once send once: a double click does not post twice
    // (the server also refuses a second use of the form's one-time token).
    if (form && form.hasAttribute && form.hasAttribute('data-once')) {
      if (form.getAttribute('data-sent')) {
        event.preventDefault();
        return;
      }
      form.setAttribute('data-sent', '1');
      var buttons = form.querySelectorAll('button[type=submit]');
      for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; }
    }
  });
})();
