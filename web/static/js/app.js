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

  // Forms marked data-confirm ask before deleting or disabling something.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form && form.getAttribute && form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });
})();
